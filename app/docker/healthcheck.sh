#!/bin/bash
# The image's HEALTHCHECK: exit 0 when GET /observe/health/ready on the management port answers 200 (broker and
# state store reachable), 1 otherwise. Bash's /dev/tcp, so no curl and no second JVM in the image.
port="${CAMEL_MANAGEMENT_PORT:-9876}"
exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
printf 'GET /observe/health/ready HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
IFS= read -r -t 5 status <&3 || exit 1
[[ "${status}" == *" 200 "* ]]
