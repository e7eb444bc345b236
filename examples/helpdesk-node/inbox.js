// A helpdesk's inbox reader over AMQP 1.0 (rhea): takes what the connector puts on a queue (twitter.inbound by
// default; also twitter.reply.status, twitter.alerts, a per-inbox queue) and prints each message as one JSON line
// {"body", "properties", "groupId", "deliveryCount"}. A message is accepted (gone from the queue) only after it was
// handled; one left unaccepted comes back, to this consumer or another.
//
//   BROKER_URL=amqp://user:password@127.0.0.1:61616 node inbox.js [queue] [--count N] [--fail | --reject] [--crash]
//
// --count N  stop after N messages
// --fail     handle each message as failed: modified(delivery-failed), so the broker redelivers it after its delay
//            and, after broker.max-delivery-attempts, moves it to the dead-letter queue (DLA)
// --reject   the same with the "rejected" outcome (on the embedded broker; standalone Artemis dead-letters a rejected
//            message at once unless its acceptor has amqpTreatRejectAsUnmodifiedDeliveryFailed=true)
// --crash    exit at the first message without settling it, as a crashing helpdesk would
'use strict';
const rhea = require('rhea');

const args = process.argv.slice(2);
const queue = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a)) || 'twitter.inbound';
const count = args.includes('--count') ? Number(args[args.indexOf('--count') + 1]) : Infinity;
const broker = new URL(process.env.BROKER_URL || 'amqp://127.0.0.1:61616');

let handled = 0;
const container = rhea.create_container();
container.on('message', (context) => {
  if (handled >= count) {
    return; // arrived while closing: left unsettled, the broker gives it to the next consumer
  }
  const message = context.message;
  // the connector sends JSON text: an AMQP string body; a binary (Data) body would carry the same UTF-8 JSON
  const body = typeof message.body === 'string' ? message.body : Buffer.from(message.body.content).toString('utf8');
  const envelope = JSON.parse(body); // a helpdesk would create or update its ticket from this
  process.stdout.write(JSON.stringify({
    body,
    properties: message.application_properties || {},
    groupId: message.group_id, // the conversation (ConversationKey): keep one conversation's messages in order
    deliveryCount: message.delivery_count || 0,
    kind: envelope.kind || envelope.status || envelope.type,
  }) + '\n');
  if (args.includes('--crash')) {
    process.exit(0);
  }
  if (args.includes('--fail')) {
    context.delivery.modified({ delivery_failed: true });
  } else if (args.includes('--reject')) {
    context.delivery.reject();
  } else {
    context.delivery.accept();
  }
  if (++handled >= count) {
    context.connection.close();
  }
});
container.on('error', (context) => {
  console.error('AMQP error:', context.error || context.connection.error);
  process.exit(1);
});
container.on('disconnected', (context) => {
  if (context.error) {
    console.error('disconnected:', context.error.message || context.error);
    process.exit(1);
  }
});

container.connect({
  host: broker.hostname,
  port: Number(broker.port || 5672),
  username: decodeURIComponent(broker.username) || undefined,
  password: decodeURIComponent(broker.password) || undefined,
  reconnect: false,
  // capability "queue": the address is a queue (anycast), never a topic, even if this client is the first to use it
}).open_receiver({ source: { address: queue, capabilities: ['queue'] }, autoaccept: false, credit_window: 1 });
