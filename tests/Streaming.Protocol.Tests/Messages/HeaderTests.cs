using System.Buffers;
using Streaming.Protocol.Messages;
using Xunit;
using static Streaming.Protocol.Tests.Messages.KnownAnswer;

namespace Streaming.Protocol.Tests.Messages;

public sealed class HeaderTests
{
    [Theory]
    [InlineData(ApiKey.ApiVersions, 0, 1, 0)]
    [InlineData(ApiKey.ApiVersions, 2, 1, 0)]
    [InlineData(ApiKey.ApiVersions, 3, 2, 0)]
    [InlineData(ApiKey.ApiVersions, 4, 2, 0)]
    [InlineData(ApiKey.ApiVersions, 99, 2, 0)]
    [InlineData(ApiKey.Produce, 8, 1, 0)]
    [InlineData(ApiKey.Produce, 9, 2, 1)]
    [InlineData(ApiKey.Fetch, 11, 1, 0)]
    [InlineData(ApiKey.Fetch, 12, 2, 1)]
    [InlineData(ApiKey.Metadata, 8, 1, 0)]
    [InlineData(ApiKey.Metadata, 9, 2, 1)]
    [InlineData(ApiKey.FindCoordinator, 2, 1, 0)]
    [InlineData(ApiKey.FindCoordinator, 3, 2, 1)]
    [InlineData(ApiKey.JoinGroup, 5, 1, 0)]
    [InlineData(ApiKey.JoinGroup, 6, 2, 1)]
    [InlineData(ApiKey.DescribeCluster, 0, 2, 1)]
    [InlineData(ApiKey.ControlledShutdown, 0, 0, 0)]
    [InlineData(ApiKey.ControlledShutdown, 1, 1, 0)]
    [InlineData(ApiKey.ControlledShutdown, 3, 2, 1)]
    [InlineData(ApiKey.SaslHandshake, 1, 1, 0)]
    public void GetHeaderVersions_ApiVersion_FollowsFlexibleRule(ApiKey apiKey, short version, short request, short response)
    {
        HeaderVersions headers = ApiVersionTable.GetHeaderVersions(apiKey, version);

        Assert.Equal(new HeaderVersions(request, response), headers);
    }

    [Fact]
    public void GetHeaderVersions_EverySupportedVersion_MatchesFirstFlexibleVersion()
    {
        foreach (ApiVersionRange range in ApiVersionTable.Supported)
        {
            for (short v = range.MinVersion; v <= range.MaxVersion; v++)
            {
                bool flexible = v >= range.FirstFlexibleVersion;
                HeaderVersions headers = ApiVersionTable.GetHeaderVersions(range.ApiKey, v);
                Assert.Equal(flexible ? 2 : 1, headers.RequestHeaderVersion);
                Assert.Equal(flexible && range.ApiKey != ApiKey.ApiVersions ? 1 : 0, headers.ResponseHeaderVersion);
            }
        }
    }

    [Fact]
    public void GetHeaderVersions_UnknownApiKey_ThrowsProtocolException()
        => Assert.Throws<ProtocolException>(() => ApiVersionTable.GetHeaderVersions((ApiKey)999, 0));

    [Fact]
    public void Supported_Table_HasKafka40FloorsAndSpecCeilings()
    {
        var expected = new Dictionary<ApiKey, (short Min, short Max, short Flexible)>
        {
            [ApiKey.Produce] = (3, 11, 9), [ApiKey.Fetch] = (4, 17, 12), [ApiKey.ListOffsets] = (1, 10, 6), [ApiKey.Metadata] = (0, 12, 9),
            [ApiKey.OffsetCommit] = (2, 9, 8), [ApiKey.OffsetFetch] = (1, 9, 6), [ApiKey.FindCoordinator] = (0, 6, 3), [ApiKey.JoinGroup] = (0, 9, 6),
            [ApiKey.Heartbeat] = (0, 4, 4), [ApiKey.LeaveGroup] = (0, 5, 4), [ApiKey.SyncGroup] = (0, 5, 4), [ApiKey.DescribeGroups] = (0, 5, 5),
            [ApiKey.ListGroups] = (0, 5, 3), [ApiKey.ApiVersions] = (0, 4, 3), [ApiKey.CreateTopics] = (2, 7, 5), [ApiKey.DeleteTopics] = (1, 6, 4),
            [ApiKey.DeleteRecords] = (0, 2, 2), [ApiKey.InitProducerId] = (0, 5, 2), [ApiKey.AddPartitionsToTxn] = (0, 5, 3),
            [ApiKey.AddOffsetsToTxn] = (0, 4, 3), [ApiKey.EndTxn] = (0, 5, 3), [ApiKey.TxnOffsetCommit] = (0, 4, 3), [ApiKey.DescribeConfigs] = (1, 4, 4),
            [ApiKey.CreatePartitions] = (0, 3, 2), [ApiKey.DeleteGroups] = (0, 2, 2), [ApiKey.IncrementalAlterConfigs] = (0, 1, 1),
            [ApiKey.DescribeCluster] = (0, 1, 0),
        };

        Assert.Equal(expected.Count, ApiVersionTable.Supported.Count);
        foreach (ApiVersionRange range in ApiVersionTable.Supported)
            Assert.Equal(expected[range.ApiKey], (range.MinVersion, range.MaxVersion, range.FirstFlexibleVersion));
    }

    [Fact]
    public void Samples_CoverEverySupportedApi_WithRequestAndResponse()
    {
        foreach (ApiVersionRange range in ApiVersionTable.Supported)
        {
            Assert.Contains(Samples.All, c => c.ApiKey == range.ApiKey && c.Name.EndsWith("Request", StringComparison.Ordinal));
            Assert.Contains(Samples.All, c => c.ApiKey == range.ApiKey && c.Name.EndsWith("Response", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(ApiKey.Produce, (short)2)]
    [InlineData(ApiKey.Fetch, (short)3)]
    [InlineData(ApiKey.Fetch, (short)18)]
    [InlineData(ApiKey.Metadata, (short)13)]
    public void Decode_UnsupportedVersion_ThrowsProtocolException(ApiKey apiKey, short version)
    {
        MessageCase c = Samples.All.First(m => m.ApiKey == apiKey);
        Assert.Throws<ProtocolException>(() => c.Decode(new byte[64], version));
    }

    [Fact]
    public void RequestHeader_V1_HasNullableInt16ClientId()
        => AssertRequestHeader("0003 0001 0000002A 0006 'client'", 1, new RequestHeader { ApiKey = ApiKey.Metadata, ApiVersion = 1, CorrelationId = 42, ClientId = "client" });

    [Fact]
    public void RequestHeader_V2_KeepsInt16ClientIdAndAddsTaggedFields()
        => AssertRequestHeader("0003 000C 0000002A FFFF 00", 2, new RequestHeader { ApiKey = ApiKey.Metadata, ApiVersion = 12, CorrelationId = 42 });

    [Fact]
    public void RequestHeader_V0_HasNoClientId()
        => AssertRequestHeader("0007 0000 00000001", 0, new RequestHeader { ApiKey = ApiKey.ControlledShutdown, CorrelationId = 1 });

    [Fact]
    public void RequestHeader_ReadWithoutVersion_PicksVersionFromApiKeyAndVersion()
    {
        byte[] bytes = Bytes("0012 0003 00000007 0002 'cl' 01 01 01 FF");
        var reader = new ProtocolReader(bytes.AsMemory());

        RequestHeader header = RequestHeader.Read(ref reader);

        Assert.Equal(ApiKey.ApiVersions, header.ApiKey);
        Assert.Equal(3, header.ApiVersion);
        Assert.Equal(7, header.CorrelationId);
        Assert.Equal("cl", header.ClientId);
        Assert.True(reader.End);
    }

    [Fact]
    public void ResponseHeader_V0AndV1_Encode()
    {
        Assert.Equal("0000002A", Convert.ToHexString(WriteResponseHeader(42, 0)));
        Assert.Equal("0000002A00", Convert.ToHexString(WriteResponseHeader(42, 1)));
        var reader = new ProtocolReader(Bytes("0000002A 01 00 01 FF").AsMemory());
        Assert.Equal(42, ResponseHeader.Read(ref reader, 1).CorrelationId);
        Assert.True(reader.End);
    }

    private static byte[] WriteResponseHeader(int correlationId, short version)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new ProtocolWriter(output);
        new ResponseHeader { CorrelationId = correlationId }.Write(ref writer, version);
        writer.Flush();
        return output.WrittenSpan.ToArray();
    }

    private static void AssertRequestHeader(string spec, short version, RequestHeader expected)
    {
        byte[] bytes = Bytes(spec);
        var reader = new ProtocolReader(bytes.AsMemory());
        RequestHeader decoded = RequestHeader.Read(ref reader, version);
        Assert.True(reader.End);
        DeepEquality.AssertEqual(expected, decoded);

        var output = new ArrayBufferWriter<byte>();
        var writer = new ProtocolWriter(output);
        expected.Write(ref writer, version);
        writer.Flush();
        Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(output.WrittenSpan));
    }
}
