using System.Runtime.InteropServices;
using Streaming.Protocol.Messages;
using Xunit;
using static Streaming.Protocol.Tests.Messages.KnownAnswer;

namespace Streaming.Protocol.Tests.Messages;

/// <summary>Messages against bytes laid out by hand from Kafka's message definitions.</summary>
public sealed class KnownAnswerTests
{
    private const string Uuid = "6BA7B8109DAD11D180B400C04FD430C8";
    private static readonly Guid TopicId = Guid.Parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    private static readonly byte[] Records = [0xDE, 0xAD, 0xBE, 0xEF];

    [Fact]
    public void ApiVersionsRequest_V0_IsEmpty() => Check("", 0, new ApiVersionsRequest());

    [Fact]
    public void ApiVersionsRequest_V3_HasCompactSoftwareNameAndVersion()
        => Check("0A 'streaming' 04 '1.0' 00", 3, new ApiVersionsRequest { ClientSoftwareName = "streaming", ClientSoftwareVersion = "1.0" });

    [Fact]
    public void ApiVersionsResponse_V0_HasErrorAndInt32CountedKeys()
        => Check("0000 00000002 0000 0003 000B 0012 0000 0004", 0, new ApiVersionsResponse
        {
            ApiKeys = [new() { ApiKey = 0, MinVersion = 3, MaxVersion = 11 }, new() { ApiKey = 18, MinVersion = 0, MaxVersion = 4 }],
        });

    [Fact]
    public void ApiVersionsResponse_V3_HasCompactKeysThrottleAndTaggedEpoch()
        => Check("0000 03 0000 0003 000B 00 0012 0000 0004 00 00000064 01 01 08 0000000000000005", 3, new ApiVersionsResponse
        {
            ApiKeys = [new() { ApiKey = 0, MinVersion = 3, MaxVersion = 11 }, new() { ApiKey = 18, MinVersion = 0, MaxVersion = 4 }],
            ThrottleTimeMs = 100,
            FinalizedFeaturesEpoch = 5,
        });

    [Fact]
    public void ApiVersionsResponse_V3UnknownTaggedFields_AreSkipped()
    {
        // Tags 1 (known), 7 and 300 (unknown, 300 takes a two-byte varint); the unknown values are skipped.
        byte[] bytes = Bytes("0000 01 00000000 03 01 08 0000000000000009 07 02 ABCD AC02 03 010203");

        ApiVersionsResponse response = KafkaMessage.Decode<ApiVersionsResponse>(bytes, 3);

        Assert.Equal(9, response.FinalizedFeaturesEpoch);
        Assert.Empty(response.ApiKeys);
    }

    [Fact]
    public void MetadataRequest_V1_HasInt32CountedTopicNames()
        => Check("00000001 0006 'orders'", 1, new MetadataRequest { Topics = [new() { Name = "orders" }] });

    [Fact]
    public void MetadataRequest_V1AllTopics_IsNullArray()
        => Check("FFFFFFFF", 1, new MetadataRequest { Topics = null });

    [Fact]
    public void MetadataRequest_V12_HasTopicIdsAndFlags()
        => Check($"02 {Uuid} 07 'orders' 00 01 00 00", 12, new MetadataRequest
        {
            Topics = [new() { TopicId = TopicId, Name = "orders" }],
            AllowAutoTopicCreation = true,
        });

    [Fact]
    public void MetadataResponse_V1_HasRackControllerAndInternalFlag()
        => Check(
            "00000001 00000001 0009 'localhost' 00002384 FFFF 00000001 " +
            "00000001 0000 0006 'orders' 00 00000001 0000 00000000 00000001 00000001 00000001 00000001 00000001",
            1,
            new MetadataResponse
            {
                Brokers = [new() { NodeId = 1, Host = "localhost", Port = 9092 }],
                ControllerId = 1,
                Topics = [new() { Name = "orders", Partitions = [new() { PartitionIndex = 0, LeaderId = 1, ReplicaNodes = [1], IsrNodes = [1] }] }],
            });

    [Fact]
    public void MetadataResponse_V12_IsCompactWithTopicIdsAndTaggedSections()
        => Check(
            "00000000 02 00000001 0A 'localhost' 00002384 00 00 0A 'cluster-1' 00000001 " +
            $"02 0000 07 'orders' {Uuid} 00 02 0000 00000000 00000001 00000005 02 00000001 02 00000001 01 00 80000000 00 00",
            12,
            new MetadataResponse
            {
                Brokers = [new() { NodeId = 1, Host = "localhost", Port = 9092 }],
                ClusterId = "cluster-1",
                ControllerId = 1,
                Topics =
                [
                    new()
                    {
                        Name = "orders", TopicId = TopicId,
                        Partitions = [new() { PartitionIndex = 0, LeaderId = 1, LeaderEpoch = 5, ReplicaNodes = [1], IsrNodes = [1] }],
                    },
                ],
            });

    [Fact]
    public void ProduceRequest_V3_HasInt32LengthRecords()
        => Check("FFFF FFFF 00007530 00000001 0006 'orders' 00000001 00000000 00000004 DEADBEEF", 3, new ProduceRequest
        {
            Acks = -1,
            TimeoutMs = 30000,
            TopicData = [new() { Name = "orders", PartitionData = [new() { Index = 0, Records = Records }] }],
        });

    [Fact]
    public void ProduceRequest_V9_HasCompactRecordsAndTaggedSections()
        => Check("00 0001 000003E8 02 07 'orders' 02 00000001 05 DEADBEEF 00 00 00", 9, new ProduceRequest
        {
            Acks = 1,
            TimeoutMs = 1000,
            TopicData = [new() { Name = "orders", PartitionData = [new() { Index = 1, Records = Records }] }],
        });

    [Fact]
    public void ProduceRequest_Decode_RecordsAreASliceOfTheInput()
    {
        byte[] bytes = Bytes("00 0001 000003E8 02 07 'orders' 02 00000001 05 DEADBEEF 00 00 00");

        ProduceRequest request = KafkaMessage.Decode<ProduceRequest>(bytes, 9);

        ReadOnlyMemory<byte> records = request.TopicData[0].PartitionData[0].Records!.Value;
        Assert.True(MemoryMarshal.TryGetArray(records, out ArraySegment<byte> segment));
        Assert.Same(bytes, segment.Array);
        Assert.Equal(bytes.Length - 7, segment.Offset);
        Assert.Equal(4, segment.Count);
    }

    [Fact]
    public void FetchRequest_V4_HasIsolationLevelAndNamedTopics()
        => Check("FFFFFFFF 000001F4 00000001 7FFFFFFF 01 00000001 0006 'orders' 00000001 00000000 0000000000000064 00100000", 4, new FetchRequest
        {
            MaxWaitMs = 500,
            MinBytes = 1,
            IsolationLevel = 1,
            Topics = [new() { Topic = "orders", Partitions = [new() { Partition = 0, FetchOffset = 100, PartitionMaxBytes = 1_048_576 }] }],
        });

    [Fact]
    public void FetchResponse_V4_HasLastStableOffsetAndNullAbortedTransactions()
        => Check("00000000 00000001 0006 'orders' 00000001 00000000 0000 00000000000000C8 00000000000000C8 FFFFFFFF 00000004 DEADBEEF", 4, new FetchResponse
        {
            Responses = [new() { Topic = "orders", Partitions = [new() { HighWatermark = 200, LastStableOffset = 200, Records = Records }] }],
        });

    [Fact]
    public void FetchRequest_V12_IsCompactWithTaggedClusterId()
        => Check(
            "FFFFFFFF 000001F4 00000001 00100000 00 00000000 FFFFFFFF " +
            "02 07 'orders' 02 00000000 FFFFFFFF 0000000000000064 FFFFFFFF FFFFFFFFFFFFFFFF 00100000 00 00 01 01 01 00 03 03 'c1'",
            12,
            new FetchRequest
            {
                ClusterId = "c1",
                MaxWaitMs = 500,
                MinBytes = 1,
                MaxBytes = 1_048_576,
                Topics = [new() { Topic = "orders", Partitions = [new() { Partition = 0, FetchOffset = 100, PartitionMaxBytes = 1_048_576 }] }],
            });

    [Fact]
    public void FetchResponse_V12_HasTaggedCurrentLeaderAfterRecords()
        => Check(
            "00000000 0000 00000000 02 07 'orders' 02 00000000 0000 00000000000000C8 00000000000000C8 0000000000000000 00 FFFFFFFF " +
            "05 DEADBEEF 01 01 09 00000001 00000005 00 00 00",
            12,
            new FetchResponse
            {
                Responses =
                [
                    new()
                    {
                        Topic = "orders",
                        Partitions = [new() { HighWatermark = 200, LastStableOffset = 200, LogStartOffset = 0, CurrentLeader = new() { LeaderId = 1, LeaderEpoch = 5 }, Records = Records }],
                    },
                ],
            });

    [Fact]
    public void FetchRequest_V13_NamesTopicsById()
        => Check(
            $"FFFFFFFF 000001F4 00000001 00100000 00 00000000 FFFFFFFF 02 {Uuid} 02 00000000 FFFFFFFF 0000000000000064 FFFFFFFF FFFFFFFFFFFFFFFF 00100000 00 00 " +
            $"02 {Uuid} 02 00000003 00 01 00",
            13,
            new FetchRequest
            {
                MaxWaitMs = 500,
                MinBytes = 1,
                MaxBytes = 1_048_576,
                Topics = [new() { TopicId = TopicId, Partitions = [new() { Partition = 0, FetchOffset = 100, PartitionMaxBytes = 1_048_576 }] }],
                ForgottenTopicsData = [new() { TopicId = TopicId, Partitions = [3] }],
            });

    [Fact]
    public void FetchResponse_V13_NamesTopicsById()
        => Check(
            $"00000000 0000 0000002A 02 {Uuid} 02 00000000 0000 00000000000000C8 00000000000000C8 0000000000000000 02 00000000000003E8 0000000000000064 00 FFFFFFFF 05 DEADBEEF 00 00 00",
            13,
            new FetchResponse
            {
                SessionId = 42,
                Responses =
                [
                    new()
                    {
                        TopicId = TopicId,
                        Partitions =
                        [
                            new()
                            {
                                HighWatermark = 200, LastStableOffset = 200, LogStartOffset = 0,
                                AbortedTransactions = [new() { ProducerId = 1000, FirstOffset = 100 }], Records = Records,
                            },
                        ],
                    },
                ],
            });

    [Fact]
    public void FindCoordinatorRequest_V3_HasCompactKey()
        => Check("08 'group-1' 00 00", 3, new FindCoordinatorRequest { Key = "group-1" });

    [Fact]
    public void FindCoordinatorResponse_V3_HasOneCoordinator()
        => Check("00000000 0000 00 00000001 0A 'localhost' 00002384 00", 3, new FindCoordinatorResponse { NodeId = 1, Host = "localhost", Port = 9092 });

    [Fact]
    public void FindCoordinatorRequest_V4_HasKeyBatch()
        => Check("01 03 08 'group-1' 08 'group-2' 00", 4, new FindCoordinatorRequest { KeyType = 1, CoordinatorKeys = ["group-1", "group-2"] });

    [Fact]
    public void FindCoordinatorResponse_V4_HasCoordinatorList()
        => Check("00000000 02 08 'group-1' 00000001 0A 'localhost' 00002384 0000 00 00 00", 4, new FindCoordinatorResponse
        {
            Coordinators = [new() { Key = "group-1", NodeId = 1, Host = "localhost", Port = 9092 }],
        });

    [Fact]
    public void JoinGroupRequest_V5_HasNullGroupInstanceId()
        => Check("0007 'group-1' 0000AFC8 000493E0 0000 FFFF 0008 'consumer' 00000001 0005 'range' 00000003 010203", 5, new JoinGroupRequest
        {
            GroupId = "group-1",
            SessionTimeoutMs = 45000,
            RebalanceTimeoutMs = 300000,
            ProtocolType = "consumer",
            Protocols = [new() { Name = "range", Metadata = new byte[] { 1, 2, 3 } }],
        });

    [Fact]
    public void JoinGroupResponse_V5_HasMembersWithInstanceIds()
        => Check("00000000 0000 00000001 0005 'range' 0008 'member-1' 0008 'member-1' 00000001 0008 'member-1' 0002 'i1' 00000003 010203", 5, new JoinGroupResponse
        {
            GenerationId = 1,
            ProtocolName = "range",
            Leader = "member-1",
            MemberId = "member-1",
            Members = [new() { MemberId = "member-1", GroupInstanceId = "i1", Metadata = new byte[] { 1, 2, 3 } }],
        });
}
