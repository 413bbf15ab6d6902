import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { waitFor } from './wait';

export interface CapturedMail {
  to: string[];
  /** The whole message, with quoted-printable soft line breaks undone. */
  raw: string;
}

/** A real SMTP server on loopback that keeps every message it is sent (no TLS, no auth). */
export class SmtpCapture {
  readonly mails: CapturedMail[] = [];
  port = 0;
  private server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData: (stream, session, cb) => {
      let data = '';
      stream.on('data', (d: Buffer) => (data += d.toString('utf8')));
      stream.on('end', () => {
        const raw = data.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
        this.mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        cb();
      });
    },
  });

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  waitForMail(pred: (m: CapturedMail) => boolean, what: string, timeoutMs = 15_000): Promise<CapturedMail> {
    return waitFor(what, () => this.mails.find(pred), timeoutMs);
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}
