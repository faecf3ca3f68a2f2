using Streaming.Protocol.Groups;
using Xunit;

namespace Streaming.Protocol.Tests.Groups;

/// <summary>Damaged metadata from JoinGroup/SyncGroup must fail as <see cref="ProtocolException"/>, never as an index error.</summary>
public sealed class ConsumerProtocolMalformedTests
{
    [Theory]
    [InlineData("", "no version")]
    [InlineData("00", "half a version")]
    [InlineData("FFFF", "version -1")]
    [InlineData("0000", "no topics count")]
    [InlineData("0000FFFFFFFF", "Topics is a non-nullable array: count -1")]
    [InlineData("0000FFFFFFFE", "Topics count -2")]
    [InlineData("00007FFFFFFF", "Topics count int.MaxValue with no bytes behind it")]
    [InlineData("000000000001FFFF", "topic name null (length -1)")]
    [InlineData("000000000001FFFE", "topic name length -2")]
    [InlineData("0000000000010005746F", "topic name longer than the bytes left")]
    [InlineData("0000000000010001FF", "topic name is not valid UTF-8")]
    [InlineData("000000000000FFFFFFFE", "UserData length -2")]
    [InlineData("00000000000000000010AB", "UserData longer than the bytes left")]
    [InlineData("000100000000FFFFFFFFFFFFFFFF", "OwnedPartitions is a non-nullable array: count -1")]
    [InlineData("000100000000FFFFFFFF000000010001740000000300000000", "owned partition list shorter than its count")]
    [InlineData("000300000000FFFFFFFF00000000FFFFFFFF", "v3 without RackId")]
    [InlineData("000300000000FFFFFFFF00000000FFFFFFFFFFFE", "RackId length -2")]
    public void DeserializeSubscription_MalformedBytes_ThrowsProtocolException(string hex, string because)
    {
        _ = because;
        Assert.Throws<ProtocolException>(() => ConsumerProtocol.DeserializeSubscription(Convert.FromHexString(hex)));
    }

    [Theory]
    [InlineData("", "no version")]
    [InlineData("8000", "version -32768")]
    [InlineData("0003FFFFFFFF", "AssignedPartitions is a non-nullable array: count -1")]
    [InlineData("000300000001", "one entry announced, none present")]
    [InlineData("0003000000010001740FFFFFFF", "partition count far beyond the bytes left")]
    [InlineData("0003000000010001740000000100000001", "UserData missing")]
    [InlineData("000300000000", "UserData missing after an empty list")]
    [InlineData("00030000000080000000", "UserData length int.MinValue")]
    public void DeserializeAssignment_MalformedBytes_ThrowsProtocolException(string hex, string because)
    {
        _ = because;
        Assert.Throws<ProtocolException>(() => ConsumerProtocol.DeserializeAssignment(Convert.FromHexString(hex)));
    }

    [Fact]
    public void DeserializeSubscription_Truncated_MessageNamesTheMessageAndField()
    {
        ProtocolException ex = Assert.Throws<ProtocolException>(
            () => ConsumerProtocol.DeserializeSubscription(Convert.FromHexString("0000000000010005746F")));

        Assert.Contains("ConsumerProtocolSubscription", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Topics", ex.Message, StringComparison.Ordinal);
    }
}
