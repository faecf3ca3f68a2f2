using Streaming.Protocol.Messages;

namespace Streaming.Protocol.Tests.Messages;

public static partial class Samples
{
    private static void AddOffsets(List<MessageCase> all)
    {
        all.Add(new MessageCase<OffsetCommitRequest>(v => new OffsetCommitRequest
        {
            GroupId = "group-1",
            GenerationIdOrMemberEpoch = 7,
            MemberId = "member-1",
            GroupInstanceId = v >= 7 ? "instance-1" : null,
            RetentionTimeMs = v <= 4 ? 86_400_000 : -1,
            Topics =
            [
                new()
                {
                    Name = "orders",
                    Partitions = [new() { PartitionIndex = 0, CommittedOffset = 100, CommittedLeaderEpoch = v >= 6 ? 4 : -1, CommittedMetadata = "meta" }, new() { PartitionIndex = 1, CommittedOffset = 5, CommittedMetadata = null }],
                },
            ],
        }));
        all.Add(new MessageCase<OffsetCommitResponse>(v => new OffsetCommitResponse
        {
            ThrottleTimeMs = v >= 3 ? 5 : 0,
            Topics = [new() { Name = "orders", Partitions = [new() { PartitionIndex = 0, ErrorCode = 0 }, new() { PartitionIndex = 1, ErrorCode = 22 }] }],
        }));
        all.Add(new MessageCase<OffsetFetchRequest>(v => new OffsetFetchRequest
        {
            GroupId = v <= 7 ? "group-1" : "",
            Topics = v <= 7 ? [new() { Name = "orders", PartitionIndexes = [0, 1, 2] }] : [],
            Groups = v >= 8
                ? [new() { GroupId = "group-1", MemberId = v >= 9 ? "member-1" : null, MemberEpoch = v >= 9 ? 3 : -1, Topics = [new() { Name = "orders", PartitionIndexes = [0] }] }, new() { GroupId = "group-2", Topics = null }]
                : [],
            RequireStable = v >= 7,
        }));
        all.Add(new MessageCase<OffsetFetchResponse>(v =>
        {
            List<OffsetFetchResponseTopic> topics =
            [
                new()
                {
                    Name = "orders",
                    Partitions = [new() { PartitionIndex = 0, CommittedOffset = 100, CommittedLeaderEpoch = v >= 5 ? 4 : -1, Metadata = "meta", ErrorCode = 0 }, new() { PartitionIndex = 1, CommittedOffset = -1, Metadata = null, ErrorCode = 3 }],
                },
            ];
            return new OffsetFetchResponse
            {
                ThrottleTimeMs = v >= 3 ? 5 : 0,
                Topics = v <= 7 ? topics : [],
                ErrorCode = v is >= 2 and <= 7 ? (short)16 : (short)0,
                Groups = v >= 8 ? [new() { GroupId = "group-1", Topics = topics, ErrorCode = 0 }, new() { GroupId = "group-2", ErrorCode = 16 }] : [],
            };
        }));
        all.Add(new MessageCase<ListOffsetsRequest>(v => new ListOffsetsRequest
        {
            ReplicaId = -1,
            IsolationLevel = v >= 2 ? (sbyte)1 : (sbyte)0,
            Topics = [new() { Name = "orders", Partitions = [new() { PartitionIndex = 0, CurrentLeaderEpoch = v >= 4 ? 3 : -1, Timestamp = -2 }, new() { PartitionIndex = 1, Timestamp = 1_700_000_000_000 }] }],
            TimeoutMs = v >= 10 ? 30000 : 0,
        }));
        all.Add(new MessageCase<ListOffsetsResponse>(v => new ListOffsetsResponse
        {
            ThrottleTimeMs = v >= 2 ? 5 : 0,
            Topics = [new() { Name = "orders", Partitions = [new() { PartitionIndex = 0, ErrorCode = 0, Timestamp = 1_700_000_000_000, Offset = 42, LeaderEpoch = v >= 4 ? 3 : -1 }, new() { PartitionIndex = 1, ErrorCode = 6 }] }],
        }));
    }
}
