#!/usr/bin/env python3
"""Writes kafka-python-golden.json: message bodies encoded by kafka-python 2.0.2 (Debian's python3-kafka), offline.

The values mirror tests/Streaming.Protocol.Tests/Messages/Samples*.cs for the versions kafka-python knows, so the
C# codecs must produce the same bytes and decode them back to the samples. Run: python3 make_kafka_python_golden.py
Skipped on purpose (kafka-python 2.0.2 departs from Kafka's spec there): ListOffsets request v4-5 (it encodes
current_leader_epoch as int64), Produce response v8 (it lacks RecordErrors and ErrorMessage) and Fetch request v7-11
(it cannot encode a non-empty ForgottenTopicsData: its topic field is declared without an encoding).
"""
import json
import os

from kafka.protocol import admin, commit, fetch, group, metadata, offset, produce

BATCH = bytes((i * 7 + 3) & 0xFF for i in range(75))
META = bytes([0, 3, 0, 0, 0, 1, 0, 6, 111, 114, 100, 101, 114, 115])

entries = []


def add(name, version, cls, *fields):
    message = cls[version](*fields)  # kept in a variable: kafka-python's encode() holds its object weakly
    entries.append({"message": name, "version": version, "hex": message.encode().hex().upper()})


for v in range(0, 3):
    keys = [(0, 3, 11), (18, 0, 4)]
    add("ApiVersionsResponse", v, admin.ApiVersionResponse, *((35, keys) if v == 0 else (35, keys, 12)))

for v in range(0, 6):
    topics = ["orders", "payments"]
    add("MetadataRequest", v, metadata.MetadataRequest, *((topics,) if v < 4 else (topics, False)))

for v in range(0, 6):
    def broker(node, host, port, rack):
        return (node, host, port) if v == 0 else (node, host, port, rack)

    def partition(err, index, leader, replicas, isr, offline):
        return (err, index, leader, replicas, isr) if v < 5 else (err, index, leader, replicas, isr, offline)

    def topic(err, name, internal, partitions):
        return (err, name, partitions) if v == 0 else (err, name, internal, partitions)

    brokers = [broker(1, "localhost", 9092, "r1"), broker(2, "h2", 9093, None)]
    topics = [
        topic(0, "orders", True, [partition(0, 0, 1, [1, 2], [1], [2]), partition(9, 1, -1, [], [], [])]),
        topic(100, "unknown", False, []),
    ]
    fields = {0: (brokers, topics), 1: (brokers, 1, topics), 2: (brokers, "cluster-1", 1, topics)}.get(v, (7, brokers, "cluster-1", 1, topics))
    add("MetadataResponse", v, metadata.MetadataResponse, *fields)

for v in range(3, 9):
    add("ProduceRequest", v, produce.ProduceRequest, "txn-1", -1, 30000,
        [("orders", [(0, BATCH), (3, None)]), ("empty", [])])

for v in range(3, 8):
    p0 = (0, 0, 1234, 1_700_000_000_000) + ((10,) if v >= 5 else ())
    p1 = (1, 6, -1, -1) + ((-1,) if v >= 5 else ())
    add("ProduceResponse", v, produce.ProduceResponse, [("orders", [p0, p1])], 3)

for v in range(4, 7):
    part = (2,) + ((3,) if v >= 9 else ()) + (100,) + ((7,) if v >= 5 else ()) + (1_048_576,)
    fields = [5, 500, 1, 52_428_800, 1]
    if v >= 7:
        fields += [123, 4]
    fields.append([("orders", [part])])
    if v >= 7:
        fields.append([("old", [1, 2])])
    if v >= 11:
        fields.append("rack-a")
    add("FetchRequest", v, fetch.FetchRequest, *fields)

for v in range(4, 12):
    def part(index, err, hw, lso, lstart, aborted, preferred, records):
        return ((index, err, hw, lso) + ((lstart,) if v >= 5 else ()) + (aborted,)
                + ((preferred,) if v >= 11 else ()) + (records,))

    parts = [part(0, 0, 500, 490, 3, [(1000, 450)], 2, BATCH), part(1, 1, -1, -1, -1, None, -1, None)]
    head = [1] + ([0, 99] if v >= 7 else [])
    add("FetchResponse", v, fetch.FetchResponse, *head, [("orders", parts)])

for v in range(0, 3):
    protocols = [("range", META), ("cooperative-sticky", b"")]
    fields = ["group-1", 45000] + ([300000] if v >= 1 else []) + ["member-1", "consumer", protocols]
    add("JoinGroupRequest", v, group.JoinGroupRequest, *fields)
    members = [("member-1", META), ("member-2", b"")]
    fields = ([5] if v >= 2 else []) + [0, 7, "range", "member-1", "member-1", members]
    add("JoinGroupResponse", v, group.JoinGroupResponse, *fields)

for v in range(0, 2):
    add("SyncGroupRequest", v, group.SyncGroupRequest, "group-1", 7, "member-1", [("member-1", META), ("member-2", b"")])
    add("SyncGroupResponse", v, group.SyncGroupResponse, *(([5] if v >= 1 else []) + [27, META]))
    add("HeartbeatRequest", v, group.HeartbeatRequest, "group-1", 7, "member-1")
    add("HeartbeatResponse", v, group.HeartbeatResponse, *(([5] if v >= 1 else []) + [22]))
    add("LeaveGroupRequest", v, group.LeaveGroupRequest, "group-1", "member-1")
    add("LeaveGroupResponse", v, group.LeaveGroupResponse, *(([5] if v >= 1 else []) + [0]))
    add("DeleteGroupsRequest", v, admin.DeleteGroupsRequest, ["group-1", "group-2"])
    add("DeleteGroupsResponse", v, admin.DeleteGroupsResponse, 5, [("group-1", 0), ("group-2", 69)])

add("OffsetCommitRequest", 2, commit.OffsetCommitRequest, "group-1", 7, "member-1", 86_400_000,
    [("orders", [(0, 100, "meta"), (1, 5, None)])])

for v in range(1, 4):
    add("OffsetFetchRequest", v, commit.OffsetFetchRequest, "group-1", [("orders", [0, 1, 2])])
    topics = [("orders", [(0, 100, "meta", 0), (1, -1, None, 3)])]
    fields = {1: (topics,), 2: (topics, 16)}.get(v, (5, topics, 16))
    add("OffsetFetchResponse", v, commit.OffsetFetchResponse, *fields)

for v in range(1, 4):
    fields = [-1] + ([1] if v >= 2 else []) + [[("orders", [(0, -2), (1, 1_700_000_000_000)])]]
    add("ListOffsetsRequest", v, offset.OffsetRequest, *fields)

for v in range(1, 6):
    def lp(index, err, ts, off, epoch):
        return (index, err, ts, off) + ((epoch,) if v >= 4 else ())

    topics = [("orders", [lp(0, 0, 1_700_000_000_000, 42, 3), lp(1, 6, -1, -1, -1)])]
    add("ListOffsetsResponse", v, offset.OffsetResponse, *(([5] if v >= 2 else []) + [topics]))

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "kafka-python-golden.json"), "w") as f:
    json.dump(entries, f, indent=1)
    f.write("\n")
print(len(entries), "entries")
