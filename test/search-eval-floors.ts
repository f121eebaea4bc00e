/**
 * Floors of test/search-eval.test.ts: the tuning pool's search figures on the catalogs kept in
 * this repository, per catalog and split, set again each round from the shipped constants.
 */

/**
 * The pool's figures with the shipped constants, less about one case: top-1 per split, and the
 * most queries answered with no agent although one fits, and the fewest of the unrelated lists
 * (all of them together, on the catalog) that must get no agent; `fewestRefused`, where set, is
 * the fewest of one unrelated list's 10 (6 where not set).
 */
export const FLOORS: Record<
  string,
  Record<string, number> & { noAgent: number; unrelated: number; fewestRefused?: number }
> = {
  fixture: {
    ...{ test1: 0.95, test2: 0.95, test3: 0.72, test4: 0.68, test5: 0.59, test6: 0.81 },
    ...{ test7: 0.86, test8: 0.77, test9: 0.9, test10: 0.9, test11: 0.63, test12: 0.45 },
    ...{ test13: 0.59, test14: 0.72, test15: 0.54, test16: 0.63, test17: 0.9, test18: 0.5 },
    ...{ test19: 0.45, test20: 0.59, test21: 0.31, test22: 0.5, test23: 0.5, test24: 0.5 },
    ...{ test25: 0.45, test26: 0.5, test27: 0.22, test28: 0.68, test29: 0.59, test30: 0.63 },
    ...{ test31: 0.27, test32: 0.5, test33: 0.45, test34: 0.4, test35: 0.45, test36: 0.63 },
    ...{ test37: 0.54, test38: 0.45, noAgent: 62, unrelated: 372 },
  },
  claude: {
    ...{ test1: 0.88, test2: 0.8, test3: 0.4, test4: 0.6, test5: 0.52, test6: 0.56 },
    ...{ test7: 0.68, test8: 0.52, test9: 0.56, test10: 0.8, test11: 0.6, test12: 0.6 },
    ...{ test13: 0.4, test14: 0.48, test15: 0.52, test16: 0.72, test17: 0.68, test18: 0.4 },
    ...{ test19: 0.2, test20: 0.36, test21: 0.24, test22: 0.28, test23: 0.36, test24: 0.44 },
    ...{ test25: 0.28, test26: 0.32, test27: 0.32, test28: 0.68, test29: 0.28, test30: 0.28 },
    ...{ test31: 0.28, test32: 0.28, test33: 0.48, test34: 0.32, test35: 0.32, test36: 0.4 },
    ...{ test37: 0.4, test38: 0.32, noAgent: 159, unrelated: 375 },
  },
  claude_b: {
    ...{ test3: 0.8, test4: 0.8, test5: 0.72, test6: 0.92, test7: 0.88, test8: 0.76 },
    ...{ test9: 0.8, test10: 0.68, test11: 0.72, test12: 0.72, test13: 0.72, test14: 0.68 },
    ...{ test15: 0.72, test16: 0.8, test17: 0.92, test18: 0.52, test19: 0.4, test20: 0.52 },
    ...{ test21: 0.68, test22: 0.52, test23: 0.52, test24: 0.6, test25: 0.52, test26: 0.44 },
    ...{ test27: 0.36, test28: 0.44, test29: 0.56, test30: 0.56, test31: 0.48, test32: 0.64 },
    ...{ test33: 0.64, test34: 0.44, test35: 0.4, test36: 0.6, test37: 0.56, test38: 0.44 },
    ...{ noAgent: 112, unrelated: 365 },
  },
  claude_c: {
    ...{ test4: 0.84, test5: 0.8, test6: 0.84, test7: 0.84, test8: 0.88, test9: 0.76 },
    ...{ test10: 0.96, test11: 0.72, test12: 0.72, test13: 0.68, test14: 0.88, test15: 0.88 },
    ...{ test16: 0.68, test17: 0.96, test18: 0.56, test19: 0.6, test20: 0.52, test21: 0.52 },
    ...{ test22: 0.64, test23: 0.52, test24: 0.56, test25: 0.72, test26: 0.52, test27: 0.56 },
    ...{ test28: 0.44, test29: 0.56, test30: 0.56, test31: 0.56, test32: 0.48, test33: 0.44 },
    ...{ test34: 0.52, test35: 0.64, test36: 0.64, test37: 0.72, test38: 0.6, noAgent: 76 },
    ...{ unrelated: 369 },
  },
  claude_d: {
    ...{ test5: 0.88, test6: 0.88, test7: 0.92, test8: 0.88, test9: 0.88, test10: 0.92 },
    ...{ test11: 0.88, test12: 0.76, test13: 0.88, test14: 0.84, test15: 0.8, test16: 0.92 },
    ...{ test17: 0.96, test18: 0.84, test19: 0.56, test20: 0.52, test21: 0.48, test22: 0.52 },
    ...{ test23: 0.72, test24: 0.6, test25: 0.68, test26: 0.68, test27: 0.44, test28: 0.52 },
    ...{ test29: 0.4, test30: 0.44, test31: 0.48, test32: 0.4, test33: 0.64, test34: 0.52 },
    ...{ test35: 0.6, test36: 0.72, test37: 0.68, test38: 0.48, noAgent: 84, unrelated: 368 },
  },
  claude_e: {
    ...{ test6: 0.88, test7: 0.96, test8: 0.84, test9: 0.84, test10: 0.88, test11: 0.8 },
    ...{ test12: 0.88, test13: 0.92, test14: 0.92, test15: 0.88, test16: 0.84, test17: 0.96 },
    ...{ test18: 0.72, test19: 0.64, test20: 0.72, test21: 0.64, test22: 0.8, test23: 0.56 },
    ...{ test24: 0.56, test25: 0.56, test26: 0.68, test27: 0.6, test28: 0.4, test29: 0.56 },
    ...{ test30: 0.44, test31: 0.68, test32: 0.36, test33: 0.56, test34: 0.64, test35: 0.52 },
    ...{ test36: 0.72, test37: 0.76, test38: 0.52, noAgent: 128, unrelated: 363 },
  },
  claude_f: {
    ...{ test7: 0.92, test8: 0.96, test9: 0.88, test10: 0.96, test11: 0.92, test12: 0.92 },
    ...{ test13: 0.84, test14: 0.88, test15: 0.92, test16: 0.88, test17: 0.96, test18: 0.68 },
    ...{ test19: 0.76, test20: 0.68, test21: 0.56, test22: 0.84, test23: 0.56, test24: 0.52 },
    ...{ test25: 0.44, test26: 0.52, test27: 0.64, test28: 0.48, test29: 0.56, test30: 0.6 },
    ...{ test31: 0.64, test32: 0.44, test33: 0.6, test34: 0.64, test35: 0.48, test36: 0.64 },
    ...{ test37: 0.68, test38: 0.4, noAgent: 99, unrelated: 367 },
  },
  claude_g: {
    ...{ test8: 0.96, test9: 0.96, test10: 0.92, test11: 0.92, test12: 0.96, test13: 0.88 },
    ...{ test14: 0.8, test15: 0.88, test16: 0.84, test17: 0.96, test18: 0.72, test19: 0.84 },
    ...{ test20: 0.76, test21: 0.72, test22: 0.4, test23: 0.52, test24: 0.6, test25: 0.56 },
    ...{ test26: 0.64, test27: 0.4, test28: 0.76, test29: 0.6, test30: 0.68, test31: 0.4 },
    ...{ test32: 0.48, test33: 0.44, test34: 0.52, test35: 0.48, test36: 0.68, test37: 0.6 },
    ...{ test38: 0.4, noAgent: 121, unrelated: 360 },
  },
  claude_h: {
    ...{ test9: 0.96, test10: 0.96, test11: 0.92, test12: 0.96, test13: 0.84, test14: 0.92 },
    ...{ test15: 0.88, test16: 0.96, test17: 0.96, test18: 0.84, test19: 0.84, test20: 0.72 },
    ...{ test21: 0.44, test22: 0.52, test23: 0.44, test24: 0.48, test25: 0.6, test26: 0.48 },
    ...{ test27: 0.72, test28: 0.52, test29: 0.52, test30: 0.48, test31: 0.52, test32: 0.64 },
    ...{ test33: 0.6, test34: 0.44, test35: 0.68, test36: 0.6, test37: 0.64, test38: 0.64 },
    ...{ noAgent: 116, unrelated: 365 },
  },
  claude_i: {
    ...{ test10: 0.84, test11: 0.88, test12: 0.88, test13: 0.96, test14: 0.88, test15: 0.92 },
    ...{ test16: 0.96, test17: 0.96, test18: 0.56, test19: 0.64, test20: 0.56, test21: 0.4 },
    ...{ test22: 0.6, test23: 0.56, test24: 0.52, test25: 0.56, test26: 0.24, test27: 0.6 },
    ...{ test28: 0.36, test29: 0.48, test30: 0.44, test31: 0.44, test32: 0.48, test33: 0.4 },
    ...{ test34: 0.48, test35: 0.28, test36: 0.36, test37: 0.4, test38: 0.28, noAgent: 199 },
    ...{ unrelated: 358 },
  },
  claude_j: {
    ...{ test11: 0.96, test12: 0.96, test13: 0.96, test14: 0.96, test15: 0.96, test16: 0.96 },
    ...{ test17: 0.96, test18: 0.72, test19: 0.88, test20: 0.68, test21: 0.6, test22: 0.6 },
    ...{ test23: 0.68, test24: 0.48, test25: 0.44, test26: 0.44, test27: 0.52, test28: 0.32 },
    ...{ test29: 0.56, test30: 0.56, test31: 0.56, test32: 0.64, test33: 0.56, test34: 0.4 },
    ...{ test35: 0.44, test36: 0.52, test37: 0.44, test38: 0.6, noAgent: 125, unrelated: 361 },
  },
  claude_k: {
    ...{ test12: 0.88, test13: 0.92, test14: 0.96, test15: 0.96, test16: 0.88, test17: 0.96 },
    ...{ test18: 0.52, test19: 0.76, test20: 0.64, test21: 0.6, test22: 0.64, test23: 0.52 },
    ...{ test24: 0.52, test25: 0.48, test26: 0.56, test27: 0.56, test28: 0.32, test29: 0.4 },
    ...{ test30: 0.52, test31: 0.48, test32: 0.44, test33: 0.32, test34: 0.36, test35: 0.32 },
    ...{ test36: 0.48, test37: 0.32, test38: 0.44, noAgent: 176, unrelated: 354 },
  },
  claude_l: {
    ...{ test13: 0.96, test14: 0.96, test15: 0.96, test16: 0.96, test17: 0.96, test18: 0.68 },
    ...{ test19: 0.92, test20: 0.64, test21: 0.56, test22: 0.52, test23: 0.56, test24: 0.6 },
    ...{ test25: 0.4, test26: 0.44, test27: 0.56, test28: 0.48, test29: 0.6, test30: 0.56 },
    ...{ test31: 0.56, test32: 0.64, test33: 0.44, test34: 0.32, test35: 0.44, test36: 0.56 },
    ...{ test37: 0.52, test38: 0.72, noAgent: 129, unrelated: 349 },
  },
  claude_m: {
    ...{ test14: 0.8, test15: 0.96, test16: 0.92, test17: 0.96, test18: 0.76, test19: 0.72 },
    ...{ test20: 0.72, test21: 0.52, test22: 0.52, test23: 0.48, test24: 0.56, test25: 0.48 },
    ...{ test26: 0.48, test27: 0.64, test28: 0.48, test29: 0.32, test30: 0.4, test31: 0.56 },
    ...{ test32: 0.48, test33: 0.56, test34: 0.4, test35: 0.56, test36: 0.44, test37: 0.32 },
    ...{ test38: 0.48, noAgent: 165, unrelated: 348 },
  },
  claude_n: {
    ...{ test15: 0.88, test16: 0.8, test17: 0.96, test18: 0.64, test19: 0.72, test20: 0.52 },
    ...{ test21: 0.72, test22: 0.64, test23: 0.68, test24: 0.64, test25: 0.68, test26: 0.44 },
    ...{ test27: 0.56, test28: 0.36, test29: 0.6, test30: 0.52, test31: 0.56, test32: 0.56 },
    ...{ test33: 0.4, test34: 0.4, test35: 0.44, test36: 0.52, test37: 0.44, test38: 0.56 },
    ...{ noAgent: 137, unrelated: 347 },
  },
  claude_o: {
    ...{ test16: 0.8, test17: 0.96, test18: 0.6, test19: 0.64, test20: 0.36, test21: 0.52 },
    ...{ test22: 0.36, test23: 0.6, test24: 0.52, test25: 0.52, test26: 0.44, test27: 0.56 },
    ...{ test28: 0.4, test29: 0.4, test30: 0.44, test31: 0.32, test32: 0.4, test33: 0.36 },
    ...{ test34: 0.48, test35: 0.48, test36: 0.48, test37: 0.24, test38: 0.52, noAgent: 149 },
    ...{ unrelated: 365 },
  },
  claude_p: {
    ...{ test17: 0.96, test18: 0.76, test19: 0.72, test20: 0.6, test21: 0.48, test22: 0.68 },
    ...{ test23: 0.56, test24: 0.64, test25: 0.48, test26: 0.52, test27: 0.44, test28: 0.44 },
    ...{ test29: 0.4, test30: 0.48, test31: 0.4, test32: 0.6, test33: 0.52, test34: 0.32 },
    ...{ test35: 0.48, test36: 0.52, test37: 0.52, test38: 0.36, noAgent: 127, unrelated: 361 },
  },
  claude_q: {
    ...{ test18: 0.48, test19: 0.6, test20: 0.56, test21: 0.36, test22: 0.44, test23: 0.4 },
    ...{ test24: 0.64, test25: 0.48, test26: 0.44, test27: 0.52, test28: 0.48, test29: 0.28 },
    ...{ test30: 0.4, test31: 0.4, test32: 0.48, test33: 0.44, test34: 0.32, test35: 0.16 },
    ...{ test36: 0.36, test37: 0.44, test38: 0.44, noAgent: 154, unrelated: 362 },
  },
  claude_r: {
    ...{ test19: 0.56, test20: 0.52, test21: 0.6, test22: 0.56, test23: 0.48, test24: 0.52 },
    ...{ test25: 0.6, test26: 0.68, test27: 0.4, test28: 0.68, test29: 0.4, test30: 0.48 },
    ...{ test31: 0.52, test32: 0.52, test33: 0.6, test34: 0.52, test35: 0.32, test36: 0.68 },
    ...{ test37: 0.56, test38: 0.64, noAgent: 93, unrelated: 364 },
  },
  claude_s: {
    ...{ test20: 0.6, test21: 0.64, test22: 0.48, test23: 0.44, test24: 0.56, test25: 0.56 },
    ...{ test26: 0.56, test27: 0.56, test28: 0.56, test29: 0.64, test30: 0.52, test31: 0.56 },
    ...{ test32: 0.52, test33: 0.6, test34: 0.4, test35: 0.4, test36: 0.36, test37: 0.4 },
    ...{ test38: 0.56, noAgent: 110, unrelated: 359 },
  },
  claude_t: {
    ...{ test21: 0.44, test22: 0.28, test23: 0.4, test24: 0.52, test25: 0.36, test26: 0.48 },
    ...{ test27: 0.6, test28: 0.68, test29: 0.48, test30: 0.28, test31: 0.28, test32: 0.48 },
    ...{ test33: 0.32, test34: 0.52, test35: 0.52, test36: 0.48, test37: 0.24, test38: 0.28 },
    ...{ noAgent: 158, unrelated: 358 },
  },
  claude_u: {
    ...{ test22: 0.48, test23: 0.68, test24: 0.52, test25: 0.64, test26: 0.4, test27: 0.4 },
    ...{ test28: 0.72, test29: 0.44, test30: 0.56, test31: 0.4, test32: 0.6, test33: 0.44 },
    ...{ test34: 0.36, test35: 0.32, test36: 0.48, test37: 0.32, test38: 0.56, noAgent: 123 },
    ...{ unrelated: 362 },
  },
  claude_v: {
    ...{ test23: 0.44, test24: 0.44, test25: 0.32, test26: 0.48, test27: 0.52, test28: 0.56 },
    ...{ test29: 0.56, test30: 0.48, test31: 0.64, test32: 0.52, test33: 0.48, test34: 0.2 },
    ...{ test35: 0.52, test36: 0.48, test37: 0.36, test38: 0.68, noAgent: 121, unrelated: 363 },
  },
  claude_w: {
    ...{ test24: 0.48, test25: 0.32, test26: 0.68, test27: 0.64, test28: 0.48, test29: 0.52 },
    ...{ test30: 0.4, test31: 0.48, test32: 0.36, test33: 0.4, test34: 0.16, test35: 0.32 },
    ...{ test36: 0.44, test37: 0.6, test38: 0.48, noAgent: 131, unrelated: 364 },
  },
  claude_x: {
    ...{ test25: 0.24, test26: 0.48, test27: 0.48, test28: 0.56, test29: 0.32, test30: 0.32 },
    ...{ test31: 0.36, test32: 0.32, test33: 0.56, test34: 0.24, test35: 0.48, test36: 0.48 },
    ...{ test37: 0.44, test38: 0.44, noAgent: 137, unrelated: 361 },
  },
  claude_y: {
    ...{ test26: 0.32, test27: 0.4, test28: 0.52, test29: 0.52, test30: 0.36, test31: 0.4 },
    ...{ test32: 0.44, test33: 0.24, test34: 0.2, test35: 0.32, test36: 0.6, test37: 0.52 },
    ...{ test38: 0.48, noAgent: 127, unrelated: 357 },
  },
  claude_z: {
    ...{ test27: 0.36, test28: 0.24, test29: 0.56, test30: 0.44, test31: 0.4, test32: 0.36 },
    ...{ test33: 0.56, test34: 0.28, test35: 0.52, test36: 0.32, test37: 0.36, test38: 0.28 },
    ...{ noAgent: 125, unrelated: 362 },
  },
  claude_za: {
    ...{ test28: 0.32, test29: 0.28, test30: 0.32, test31: 0.32, test32: 0.36, test33: 0.52 },
    ...{ test34: 0.28, test35: 0.44, test36: 0.36, test37: 0.56, test38: 0.36, noAgent: 89 },
    ...{ unrelated: 366 },
  },
  claude_zb: {
    ...{ test29: 0.2, test30: 0.28, test31: 0.52, test32: 0.48, test33: 0.56, test34: 0.6 },
    ...{ test35: 0.48, test36: 0.16, test37: 0.6, test38: 0.48, noAgent: 73, unrelated: 368 },
  },
  claude_zc: {
    ...{ test30: 0.4, test31: 0.4, test32: 0.48, test33: 0.52, test34: 0.48, test35: 0.56 },
    ...{ test36: 0.4, test37: 0.64, test38: 0.36, noAgent: 61, unrelated: 362 },
  },
  claude_zd: {
    ...{ test31: 0.36, test32: 0.56, test33: 0.4, test34: 0.64, test35: 0.56, test36: 0.52 },
    ...{ test37: 0.52, test38: 0.28, noAgent: 71, unrelated: 357 },
  },
  claude_ze: {
    ...{ test32: 0.32, test33: 0.44, test34: 0.44, test35: 0.36, test36: 0.24, test37: 0.4 },
    ...{ test38: 0.48, noAgent: 63, unrelated: 362 },
  },
  claude_zf: {
    ...{ test33: 0.44, test34: 0.48, test35: 0.48, test36: 0.32, test37: 0.6, test38: 0.24 },
    ...{ noAgent: 49, unrelated: 357 },
  },
  claude_zg: {
    ...{ test34: 0.48, test35: 0.56, test36: 0.32, test37: 0.48, test38: 0.4, noAgent: 37 },
    ...{ unrelated: 356 },
  },
  claude_zh: {
    ...{ test35: 0.28, test36: 0.48, test37: 0.44, test38: 0.32, noAgent: 29, unrelated: 348 },
    // Round 36: unrelated_test3 reads 5 of 10, a home-services catalog whose carpet cleaner fits
    // "red wine out of a white carpet" and whose plant hire and doorbell Wi-Fi agents meet
    // "watered my plants" and "the new wireless printer at home"; holding it to 6 cost 87 pooled
    // cases.
    fewestRefused: 5,
  },
  claude_zi: {
    ...{ test36: 0.44, test37: 0.76, test38: 0.68, noAgent: 20, unrelated: 348 },
  },
  claude_zj: {
    ...{ test37: 0.24, test38: 0.32, noAgent: 18, unrelated: 358 },
  },
  claude_zk: {
    ...{ test38: 0.36, noAgent: 10, unrelated: 354 },
    // Round 39: unrelated_test3 reads 4 of 10, a household catalog (phone plans, storage, family
    // billing) that meets the passport, the wireless printer at home and the full phone storage;
    // round 39's refit reads 6 of 10 here but was not kept (docs/catalog.md, round 39).
    fewestRefused: 4,
  },
};

/**
 * Splits where our top-1 is below the seed scoring's, as it was when they were measured held out
 * (`test22`: test/data/catalog 54.5% against 63.6%, claude-agents-t 32.0% against 44.0%;
 * `test24`: claude-agents-w 48.0% against 52.0%; `test25`: claude-agents-x 24.0% against 56.0%;
 * `test26`: claude-agents-q 48.0% against 52.0%; `test28`: claude-agents-w 48.0% against 52.0%;
 * `test29`: claude-agents-za 24.0% against 28.0%; `test30`: claude-agents-t 32.0% against 52.0%;
 * `test31`: test/data/catalog 31.8% against 40.9%, claude-agents-zd 36.0% against 40.0%), and
 * claude-agents-y's `test26` since it was pooled (44.0% against 44.0% held out, 40.0% with the
 * rule refitted on it in round 27) and claude-agents-x's `test28` since round 32's refit (14 of 25
 * against 15; 15 with round 31's rule); `test32` as it read held out (claude-agents-w 40.0%
 * against 48.0%, claude-agents-x 32.0% against 40.0%), and since round 33's graded everyday weight
 * and refit claude-agents-v's `test28` (14 of 25 against 15), claude-agents-x's `test31` and
 * claude-agents-zc's `test31` (10 of 25 against 11 each); `test33` as it read held out
 * (claude-agents-t 36.0% against 52.0%), and since round 34's refit claude-agents-x's `test29` (8
 * of 25 against 9); `test34` as it read held out (claude-agents-w 20.0% against 32.0%,
 * claude-agents-y 24.0% against 40.0%); `test36` as it read held out (claude-agents-zb 20.0%
 * against 28.0%, claude-agents-zf 36.0% against 52.0%, claude-agents-zg 36.0% against 48.0%: the
 * ranking alone beats the seed on all three, the no-match rule's refusals do not); `test37` as it
 * read held out (test/data/catalog 59.1% against 63.6%, claude-agents-o 28.0% against 36.0%); only
 * their floor guards them.
 */
export const UNDER_SEED: Record<string, string[]> = {
  fixture: ['test22', 'test31', 'test37'],
  claude_o: ['test37'],
  claude_q: ['test26'],
  claude_t: ['test22', 'test30', 'test33'],
  claude_v: ['test28'],
  claude_w: ['test24', 'test28', 'test32', 'test34'],
  claude_x: ['test25', 'test28', 'test29', 'test31', 'test32'],
  claude_y: ['test26', 'test34'],
  claude_za: ['test29'],
  claude_zb: ['test36'],
  claude_zc: ['test31'],
  claude_zd: ['test31'],
  claude_zf: ['test36'],
  claude_zg: ['test36'],
};
