import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '../log';

export interface Mail {
  to: string[];
  subject: string;
  text: string;
  html?: string;
}

/** Sends e-mail over the school's SMTP server; when none is configured, says so and sends nothing. */
export interface Mailer {
  readonly enabled: boolean;
  send(mail: Mail): Promise<void>;
  close(): void;
}

export function createMailer(cfg: { SMTP_URL?: string | undefined; MAIL_FROM: string }, log: Logger): Mailer {
  if (!cfg.SMTP_URL) {
    return {
      enabled: false,
      async send(mail) {
        log.warn('e-mail not sent: SMTP_URL is not configured', { subject: mail.subject, recipients: mail.to.length });
        throw new Error('e-mail is not configured: set SMTP_URL (and MAIL_FROM) in the collector configuration');
      },
      close() {},
    };
  }
  const transport: Transporter = nodemailer.createTransport(cfg.SMTP_URL);
  return {
    enabled: true,
    async send(mail) {
      if (!mail.to.length) throw new Error(`no recipients for "${mail.subject}"`);
      await transport.sendMail({ from: cfg.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
      log.info('e-mail sent', { subject: mail.subject, recipients: mail.to.length });
    },
    close() {
      transport.close();
    },
  };
}
