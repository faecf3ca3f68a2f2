using Streaming.Protocol.Messages;
using Xunit;

namespace Streaming.Protocol.Tests.Messages;

/// <summary>Writing a field the version lacks: non-ignorable and non-default fails, ignorable is dropped.</summary>
public sealed class VersionGuardTests
{
    [Fact]
    public void Write_NonIgnorableFieldTheVersionLacks_ThrowsProtocolException()
    {
        Assert.Throws<ProtocolException>(() => KafkaMessage.Encode(new MetadataRequest { AllowAutoTopicCreation = false }, 3));
        Assert.Throws<ProtocolException>(() => KafkaMessage.Encode(new JoinGroupRequest { GroupInstanceId = "i" }, 4));
        Assert.Throws<ProtocolException>(() => KafkaMessage.Encode(new FetchRequest { ReplicaId = 1 }, 15));
        Assert.Throws<ProtocolException>(() => KafkaMessage.Encode(new FetchRequest { ReplicaState = new() { ReplicaId = 1 } }, 14));
        Assert.Throws<ProtocolException>(() => KafkaMessage.Encode(new FindCoordinatorRequest { CoordinatorKeys = ["g"] }, 3));
        Assert.Throws<ProtocolException>(() => KafkaMessage.Encode(new FindCoordinatorRequest { Key = "g" }, 4));
        Assert.Throws<ProtocolException>(() => KafkaMessage.Encode(new OffsetFetchRequest { Groups = [new() { GroupId = "g" }] }, 7));
        Assert.Throws<ProtocolException>(() => KafkaMessage.Encode(new ProduceResponse { NodeEndpoints = [new() { Host = "h" }] }, 9));
        Assert.Throws<ProtocolException>(() => KafkaMessage.Encode(new InitProducerIdRequest { ProducerId = 5 }, 2));
    }

    [Fact]
    public void Write_IgnorableFieldTheVersionLacks_IsDropped()
    {
        var request = new JoinGroupRequest { GroupId = "g", Reason = "why", RebalanceTimeoutMs = 5 };

        JoinGroupRequest decoded = KafkaMessage.Decode<JoinGroupRequest>(KafkaMessage.Encode(request, 0), 0);

        Assert.Null(decoded.Reason);
        Assert.Equal(-1, decoded.RebalanceTimeoutMs);
        Assert.Equal("g", decoded.GroupId);
    }

    [Fact]
    public void Write_IgnorableTaggedFieldsBeforeFlexibleVersions_AreDropped()
    {
        var response = new ApiVersionsResponse { FinalizedFeaturesEpoch = 3, ZkMigrationReady = true };

        Assert.Equal("0000" + "00000000" + "00000000", Convert.ToHexString(KafkaMessage.Encode(response, 1)));
    }

    [Fact]
    public void Write_NullInNonNullableField_ThrowsProtocolException()
    {
        Assert.Throws<ProtocolException>(() => KafkaMessage.Encode(new MetadataRequest { Topics = null }, 0));
        Assert.Throws<ProtocolException>(() => KafkaMessage.Encode(new MetadataRequest { Topics = [new() { Name = null }] }, 9));
        Assert.Throws<ProtocolException>(() => KafkaMessage.Encode(new HeartbeatRequest { GroupId = null! }, 4));
        Assert.Throws<ProtocolException>(() => KafkaMessage.Encode(new ProduceRequest { TopicData = null! }, 9));
    }

    [Fact]
    public void Write_UnsupportedVersion_ThrowsProtocolException()
    {
        Assert.Throws<ProtocolException>(() => KafkaMessage.Encode(new ProduceRequest(), 2));
        Assert.Throws<ProtocolException>(() => KafkaMessage.Encode(new ProduceRequest(), 12));
        Assert.Throws<ProtocolException>(() => KafkaMessage.Encode(new FetchResponse(), 3));
    }
}
