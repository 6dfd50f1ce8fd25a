// Valid T.C. Kimlik No for the run's people: eleven digits, the first not 0,
// d10 = ((d1+d3+d5+d7+d9)*7 − (d2+d4+d6+d8)) mod 10 and d11 = (d1+…+d10) mod 10.
import { randomInt } from 'node:crypto';

export function nationalIdFromNine(nine) {
  if (nine.length !== 9 || nine[0] === 0) throw new Error(`nine digits, the first not 0: ${nine}`);
  const odd = nine[0] + nine[2] + nine[4] + nine[6] + nine[8];
  const even = nine[1] + nine[3] + nine[5] + nine[7];
  const tenth = (((odd * 7 - even) % 10) + 10) % 10;
  const eleventh = (nine.reduce((sum, d) => sum + d, 0) + tenth) % 10;
  return [...nine, tenth, eleventh].join('');
}

/** A random valid number (fresh per run, so no test depends on a fixed person). */
export function randomNationalId() {
  const nine = [randomInt(1, 10), ...Array.from({ length: 8 }, () => randomInt(0, 10))];
  return nationalIdFromNine(nine);
}
