/// <reference lib="dom" />
/**
 * Where the page gets its data: the live server's API, or the data inlined in a static report.
 */
import { BOARD_SCHEMA, type BoardData, type FlagView } from '../../core/board-model.js';

/** The page's data source. */
export interface Source {
  /** True when the page can poll for changes. */
  live: boolean;
  board: () => Promise<BoardData>;
  flag: (id: string) => Promise<FlagView | null>;
  /** The change token, or null when the source never changes. */
  token: () => Promise<string | null>;
}

async function getJson<T>(path: string): Promise<T | null> {
  const response = await fetch(path, {
    headers: { Accept: 'application/json' },
    cache: 'no-store',
  });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

function checked(data: BoardData | null): BoardData {
  if (data === null || data.schema !== BOARD_SCHEMA)
    throw new Error('this page and its data are from different flagstore versions');
  return data;
}

/** The live server's API. */
export function liveSource(): Source {
  return {
    live: true,
    board: async () => checked(await getJson<BoardData>('/api/board')),
    flag: (id) => getJson<FlagView>(`/api/flag/${encodeURIComponent(id)}`),
    token: async () => (await getJson<{ token: string }>('/api/token'))?.token ?? null,
  };
}

/** The data inlined in a static report. */
export function staticSource(element: Element): Source {
  const data = JSON.parse(element.textContent ?? '{}') as {
    board: BoardData;
    flags: Record<string, FlagView>;
  };
  return {
    live: false,
    board: async () => checked(data.board),
    flag: async (id) => (Object.hasOwn(data.flags, id) ? (data.flags[id] ?? null) : null),
    token: async () => null,
  };
}
