"""A helpdesk agent's reply sent over STOMP (stomp.py) to the connector's reply queue: the reply request JSON
(docs/envelope.md, "Reply requests") as a persistent message, its JMSXGroupID header the conversationKey so one
conversation's replies are sent in order. The connector answers on twitter.reply.status (read it with
python3 inbox.py twitter.reply.status).

    BROKER_URL=stomp://user:password@127.0.0.1:61616 python3 reply.py '{"replyId":"r-1","conversationKey":"twitter:dm:42:7","text":"Hi!"}'
    ... or the JSON on standard input. Returns once the broker has confirmed the request (a receipt).
"""
import json
import os
import sys
import urllib.parse

import stomp

text = sys.argv[1] if len(sys.argv) > 1 else sys.stdin.read()
broker = urllib.parse.urlsplit(os.environ.get("BROKER_URL", "stomp://127.0.0.1:61616"))
destination = os.environ.get("REPLY_QUEUE", "twitter.replies")

try:
    key = json.loads(text).get("conversationKey", "")
except ValueError:
    key = ""  # sent anyway: the connector answers a request it cannot read with a "rejected" status

connection = stomp.Connection([(broker.hostname, broker.port or 61613)])
connection.connect(urllib.parse.unquote(broker.username or ""), urllib.parse.unquote(broker.password or ""),
                   wait=True)
# persistent: STOMP messages are not durable unless asked; a reply must survive a broker restart
connection.send(destination=destination, body=text.encode("utf-8"), content_type="application/json",
                headers={"persistent": "true", "JMSXGroupID": key, "destination-type": "ANYCAST"})
connection.disconnect()  # waits for the broker's receipt of everything sent
print(json.dumps({"queued": True}))
