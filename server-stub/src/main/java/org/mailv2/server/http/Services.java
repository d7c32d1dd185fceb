package org.mailv2.server.http;

import org.mailv2.server.service.AccountService;
import org.mailv2.server.service.Authenticator;
import org.mailv2.server.service.DeliveryService;
import org.mailv2.server.service.MailboxService;
import org.mailv2.server.service.OutboxService;
import org.mailv2.server.service.PermitService;
import org.mailv2.server.service.RecordService;
import org.mailv2.server.service.ScreenerService;

/** The services the HTTP layer translates requests to. */
public record Services(RecordService records, AccountService accounts, Authenticator auth, DeliveryService delivery,
                       OutboxService outbox, MailboxService mailboxes, PermitService permits,
                       org.mailv2.server.service.NewMailEvents events,
                       org.mailv2.server.service.DirectoryService directory, ScreenerService screener,
                       org.mailv2.server.service.HealthCheck health, org.mailv2.server.service.MoveService moves,
                       org.mailv2.server.service.ImportService imports,
                       org.mailv2.server.service.RecoveryService recovery) {
}
