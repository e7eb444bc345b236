// A helpdesk agent's reply sent over AMQP 1.0 (rhea) to the connector's reply queue: the reply request JSON
// (docs/envelope.md, "Reply requests") as a durable message, its AMQP group-id the conversationKey so one
// conversation's replies are sent in order. The connector answers on twitter.reply.status (read it with
// node inbox.js twitter.reply.status).
//
//   BROKER_URL=amqp://user:password@127.0.0.1:61616 node reply.js '{"replyId":"r-1","conversationKey":"twitter:dm:42:7","text":"Hi!"}'
//   ... or the JSON on standard input. Exits 0 once the broker has the request (accepted), 1 otherwise.
'use strict';
const rhea = require('rhea');

const queue = process.env.REPLY_QUEUE || 'twitter.replies';
const broker = new URL(process.env.BROKER_URL || 'amqp://127.0.0.1:61616');

function send(json) {
  const request = JSON.parse(json); // refuse to send what is not JSON
  const container = rhea.create_container();
  const connection = container.connect({
    host: broker.hostname,
    port: Number(broker.port || 5672),
    username: decodeURIComponent(broker.username) || undefined,
    password: decodeURIComponent(broker.password) || undefined,
    reconnect: false,
  });
  const sender = connection.open_sender({ target: { address: queue, capabilities: ['queue'] } });
  sender.once('sendable', () => {
    sender.send({ body: json, durable: true, group_id: request.conversationKey, content_type: 'application/json' });
  });
  container.on('accepted', (context) => {
    console.log(JSON.stringify({ replyId: request.replyId, queued: true }));
    context.connection.close();
  });
  container.on('rejected', (context) => {
    console.error('refused by the broker:', context.delivery.remote_state);
    process.exit(1);
  });
  container.on('error', (context) => {
    console.error('AMQP error:', context.error || context.connection.error);
    process.exit(1);
  });
}

if (process.argv[2]) {
  send(process.argv[2]);
} else {
  let input = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => { input += chunk; });
  process.stdin.on('end', () => send(input));
}
