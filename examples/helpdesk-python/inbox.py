"""A helpdesk's inbox reader over STOMP (stomp.py): takes what the connector puts on a queue (twitter.inbound by
default; also twitter.reply.status, twitter.alerts, a per-inbox queue) and prints each message as one JSON line
{"body", "headers"}. A message is acknowledged (gone from the queue) only after it was handled; one left
unacknowledged when the connection ends comes back, to this consumer or another.

    BROKER_URL=stomp://user:password@127.0.0.1:61616 python3 inbox.py [queue] [--count N] [--crash]

--count N  stop after N messages
--crash    drop the connection at the first message without acknowledging it, as a crashing helpdesk would

Do not NACK on Artemis: its STOMP NACK acknowledges (the message is gone). To have a message again, leave it
unacknowledged and close the connection.
"""
import json
import os
import queue as local
import sys
import urllib.parse

import stomp

args = sys.argv[1:]
destination = next((a for a in args if not a.startswith("--") and not a.isdigit()), "twitter.inbound")
count = int(args[args.index("--count") + 1]) if "--count" in args else None
broker = urllib.parse.urlsplit(os.environ.get("BROKER_URL", "stomp://127.0.0.1:61616"))

received = local.Queue()


class Inbox(stomp.ConnectionListener):
    def on_message(self, frame):
        received.put(frame)

    def on_error(self, frame):
        print("STOMP error:", frame.headers.get("message"), frame.body, file=sys.stderr)
        os._exit(1)


connection = stomp.Connection([(broker.hostname, broker.port or 61613)], heartbeats=(10000, 10000))
connection.set_listener("inbox", Inbox())
connection.connect(urllib.parse.unquote(broker.username or ""), urllib.parse.unquote(broker.password or ""),
                   wait=True)
# client-individual: each message is acknowledged on its own, once handled
# subscription-type ANYCAST: the destination is a queue, never a topic, even if this client is the first to use it
connection.subscribe(destination=destination, id="inbox", ack="client-individual",
                     headers={"subscription-type": "ANYCAST"})

handled = 0
while count is None or handled < count:
    try:
        frame = received.get(timeout=float(os.environ.get("INBOX_IDLE_SECONDS", "3600")))
    except local.Empty:
        break
    envelope = json.loads(frame.body)  # a helpdesk would create or update its ticket from this
    # the routing properties (TwitterKind, TwitterAccountId, ConversationKey, ConversationId, Inbox...) are headers
    print(json.dumps({"body": frame.body, "headers": frame.headers}, ensure_ascii=False), flush=True)
    if "--crash" in args:
        os._exit(0)
    connection.ack(frame.headers["message-id"], frame.headers["subscription"])
    handled += 1

connection.disconnect()
