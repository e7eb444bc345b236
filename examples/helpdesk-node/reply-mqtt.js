// A reply sent over MQTT (mqtt.js), for helpdesks or devices that only speak MQTT: published with QoS 1 to the topic
// twitter/replies, which the broker routes to the connector's reply queue twitter.replies (MQTT's "/" is the
// broker's "."). MQTT carries no message group: a conversation's replies keep their order only as long as one
// connector instance sends them (outbound.concurrent-consumers=1, the default). MQTT subscribers cannot read the
// connector's queues (an MQTT subscription is a topic's): read envelopes and statuses over AMQP 1.0, STOMP or JMS.
//
//   BROKER_URL=mqtt://user:password@127.0.0.1:61616 node reply-mqtt.js '{"replyId":"r-1","conversationKey":"twitter:dm:42:7","text":"Hi!"}'
'use strict';
const mqtt = require('mqtt');

const topic = process.env.REPLY_TOPIC || 'twitter/replies';
const json = process.argv[2];
const request = JSON.parse(json);
const client = mqtt.connect(process.env.BROKER_URL || 'mqtt://127.0.0.1:61616', { protocolVersion: 5, reconnectPeriod: 0 });
client.on('connect', () => {
  // QoS 1: the broker confirms it has the request (PUBACK) before the callback
  client.publish(topic, json, { qos: 1, properties: { contentType: 'application/json' } }, (error) => {
    if (error) {
      console.error('refused by the broker:', error.message);
      process.exit(1);
    }
    console.log(JSON.stringify({ replyId: request.replyId, queued: true }));
    client.end();
  });
});
client.on('error', (error) => {
  console.error('MQTT error:', error.message);
  process.exit(1);
});
