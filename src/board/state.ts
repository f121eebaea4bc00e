/**
 * What the board server knows: the last snapshot and its change token. The token is computed at
 * most once a second however many pages poll, and the board is rebuilt only when it changed.
 */
import type { FlagView } from '../core/board-model.js';
import { changeToken, flagView, loadBoard, type BoardSnapshot } from '../services/board-data.js';
import type { Workspace } from '../services/workspace.js';

const TOKEN_TTL_MS = 1000;

/** The board's data for one workspace, rebuilt when flags change. */
export class BoardState {
  private tokenAt = 0;
  private lastToken: Promise<string> | null = null;
  private built: { token: string; snapshot: Promise<BoardSnapshot> } | null = null;
  private readonly serialised = new WeakMap<BoardSnapshot, string>();

  constructor(private readonly ws: Workspace) {}

  /** The current change token (at most a second old). */
  token(): Promise<string> {
    const now = Date.now();
    if (this.lastToken === null || now - this.tokenAt >= TOKEN_TTL_MS) {
      this.tokenAt = now;
      this.lastToken = changeToken(this.ws);
    }
    return this.lastToken;
  }

  /** The board for the current token; concurrent callers share one build. */
  async snapshot(): Promise<BoardSnapshot> {
    const token = await this.token();
    if (this.built === null || this.built.token !== token) {
      const snapshot = loadBoard(this.ws, { token });
      this.built = { token, snapshot };
      snapshot.catch(() => {
        if (this.built?.snapshot === snapshot) this.built = null;
      });
    }
    return this.built.snapshot;
  }

  /** The board's data as JSON, serialised once per change of the token. */
  async boardJson(): Promise<string> {
    const snapshot = await this.snapshot();
    const known = this.serialised.get(snapshot);
    if (known !== undefined) return known;
    const json = JSON.stringify(snapshot.data);
    this.serialised.set(snapshot, json);
    return json;
  }

  /**
   * One flag in full, with its history. A flag the snapshot lacks may have been made within the
   * token's second (a link to a flag just created): the token is taken anew once before saying
   * there is no such flag.
   */
  async flag(id: string): Promise<FlagView | null> {
    const options = { id: id.toUpperCase(), history: true };
    const view = await flagView(this.ws, await this.snapshot(), options);
    if (view !== null) return view;
    this.lastToken = null;
    return flagView(this.ws, await this.snapshot(), options);
  }
}
