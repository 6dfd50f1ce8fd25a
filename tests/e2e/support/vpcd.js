// Plays a smart card to pcscd's vpcd driver: vpcd listens on TCP (35963 for "Virtual PCD 00 00"),
// the card connects as a client. Frames both ways are a u16 big-endian length and a payload; a
// one-byte payload is a control (0x00 off, 0x01 on, 0x02 reset, 0x04 get ATR), longer ones are APDUs.
// Closing the socket removes the card.
import net from 'node:net';

export const AKIS_ATR = '3bba11008131fe4d55454b41452056312e30ae';

/** Inserts a card with `atrHex` into the reader on `port`; resolves to { remove() }. */
export function insertCard({ port = 35963, atrHex = AKIS_ATR } = {}) {
  const atr = Buffer.from(atrHex, 'hex');
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => resolve({ remove: () => new Promise((done) => socket.end(done)) }));
    let pending = Buffer.alloc(0);
    const reply = (payload) => {
      const header = Buffer.alloc(2);
      header.writeUInt16BE(payload.length);
      socket.write(Buffer.concat([header, payload]));
    };
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        const length = pending.readUInt16BE(0);
        const payload = pending.subarray(2, 2 + length);
        pending = pending.subarray(2 + length);
        if (length === 1) {
          if (payload[0] === 0x04) reply(atr);
        } else {
          reply(Buffer.from([0x6d, 0x00])); // INS not supported: the card's files are not needed here.
        }
      }
    });
    socket.on('error', reject);
  });
}
