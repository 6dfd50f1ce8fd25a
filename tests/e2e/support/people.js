// The run's people: each with a fresh valid T.C. Kimlik No and an ön başvuru.
import { randomInt } from 'node:crypto';
import { randomNationalId } from './national-id.js';

export const INSTITUTION = 'E2E Test Kurumu';

/** `reason` is the ön başvuru's başvuru nedeni: ilk, yenileme, kayip_calinti or diger. */
export function makePerson({ firstName = 'AYŞE', lastName = 'YILMAZ', birthDate = '1985-03-12', reason = 'ilk' } = {}) {
  const nationalId = randomNationalId();
  const local = `532${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
  return {
    nationalId,
    firstName,
    lastName,
    birthDate,
    email: `kisi.${nationalId}@example.gov.tr`,
    institution: INSTITUTION,
    department: 'Bilgi İşlem Dairesi Başkanlığı',
    reason,
    /** What the person types in the form, and the E.164 form the server sends SMS to. */
    mobileTyped: `0${local.slice(0, 3)} ${local.slice(3, 6)} ${local.slice(6, 8)} ${local.slice(8)}`,
    mobile: `+90${local}`,
    /** How the app shows the number (MobilePhone::masked). */
    mobileMasked: `0${local.slice(0, 3)} *** ** ${local.slice(8)}`,
    commonName: `${firstName} ${lastName}`,
  };
}
