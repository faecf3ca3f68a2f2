using System.Buffers;
using Streaming.Protocol.Messages;
using Xunit;

namespace Streaming.Protocol.Tests.Messages;

public sealed class FramingTests
{
    [Fact]
    public void TryReadFrame_PrefixAndPayloadSplitAcrossSegments_WaitsThenReturnsWholeFrame()
    {
        byte[] stream = [0, 0, 0, 5, 1, 2, 3, 4, 5, 0, 0, 0, 1, 9];
        for (int cut1 = 1; cut1 < stream.Length; cut1++)
        {
            for (int cut2 = cut1; cut2 < stream.Length; cut2++)
            {
                ReadOnlySequence<byte> buffer = Segments(stream[..cut1], stream[cut1..cut2], stream[cut2..]);

                Assert.True(KafkaFraming.TryReadFrame(ref buffer, 100, out ReadOnlySequence<byte> first));
                Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, first.ToArray());
                Assert.True(KafkaFraming.TryReadFrame(ref buffer, 100, out ReadOnlySequence<byte> second));
                Assert.Equal(new byte[] { 9 }, second.ToArray());
                Assert.True(buffer.IsEmpty);
            }
        }
    }

    [Fact]
    public void TryGetFrameSize_PartialFrame_ReturnsFalseWithTheAnnouncedSize()
    {
        ReadOnlySequence<byte> buffer = Segments([0, 0], [0, 5, 1, 2]);

        Assert.False(KafkaFraming.TryGetFrameSize(buffer, 100, out int size));
        Assert.Equal(5, size);
        Assert.False(KafkaFraming.TryGetFrameSize(Segments([0, 0, 0]), 100, out size));
        Assert.Equal(-1, size);
    }

    [Fact]
    public void TryReadFrame_PartialFrame_LeavesBufferUntouched()
    {
        ReadOnlySequence<byte> buffer = Segments([0, 0, 0, 5], [1, 2]);

        Assert.False(KafkaFraming.TryReadFrame(ref buffer, 100, out _));
        Assert.Equal(6, buffer.Length);
    }

    [Fact]
    public void TryGetFrameSize_OversizedFrame_ThrowsProtocolException()
    {
        Assert.Throws<ProtocolException>(() => KafkaFraming.TryGetFrameSize(Segments([0, 0, 0x01, 0x01]), 256, out _));
        Assert.Throws<ProtocolException>(() => KafkaFraming.TryGetFrameSize(new byte[] { 0x7F, 0xFF, 0xFF, 0xFF }, KafkaFraming.DefaultMaxFrameSize, out _));
    }

    [Fact]
    public void TryGetFrameSize_NegativeSize_ThrowsProtocolException()
        => Assert.Throws<ProtocolException>(() => KafkaFraming.TryGetFrameSize(Segments([0xFF, 0xFF], [0xFF, 0xFF]), 100, out _));

    [Fact]
    public void WriteRequest_ParsesBackAsFrameHeaderAndBody()
    {
        var output = new ArrayBufferWriter<byte>();
        var header = new RequestHeader { ApiKey = ApiKey.Metadata, ApiVersion = 12, CorrelationId = 9, ClientId = "c" };
        var body = (MetadataRequest)Samples.Get(nameof(MetadataRequest)).Sample(12);

        KafkaFrames.WriteRequest(output, header, body);

        ReadOnlySequence<byte> buffer = new(output.WrittenMemory);
        Assert.True(KafkaFraming.TryReadFrame(ref buffer, 1 << 20, out ReadOnlySequence<byte> frame));
        var reader = new ProtocolReader(frame.ToArray().AsMemory());
        RequestHeader decodedHeader = RequestHeader.Read(ref reader);
        MetadataRequest decodedBody = MetadataRequest.Read(ref reader, decodedHeader.ApiVersion);
        Assert.True(reader.End);
        DeepEquality.AssertEqual(header, decodedHeader);
        DeepEquality.AssertEqual(body, decodedBody);
    }

    [Fact]
    public void WriteResponse_ApiVersionsV3_UsesResponseHeaderV0()
    {
        var output = new ArrayBufferWriter<byte>();

        KafkaFrames.WriteResponse(output, 5, 3, new ApiVersionsResponse());

        Assert.Equal("0000000C" + "00000005" + "0000" + "01" + "00000000" + "00", Convert.ToHexString(output.WrittenSpan));
    }

    [Fact]
    public void WriteResponse_FlexibleVersion_UsesResponseHeaderV1()
    {
        var output = new ArrayBufferWriter<byte>();

        KafkaFrames.WriteResponse(output, 5, 4, new HeartbeatResponse { ErrorCode = 27 });

        Assert.Equal("0000000C" + "00000005" + "00" + "00000000" + "001B" + "00", Convert.ToHexString(output.WrittenSpan));
    }

    [Theory]
    [InlineData((short)4)]
    [InlineData((short)12)]
    [InlineData((short)17)]
    public void EncodeResponse_FetchWithRecords_LeavesRecordsUncopiedAndReassemblesToTheSameBytes(short version)
    {
        var response = (FetchResponse)Samples.Get(nameof(FetchResponse)).Sample(version);
        byte[] big = new byte[100_000];
        new Random(1).NextBytes(big);
        response.Responses[0].Partitions[1].RecordsChunks = [big.AsMemory(0, 40_000), big.AsMemory(40_000)];
        var expected = new ArrayBufferWriter<byte>();
        KafkaFrames.WriteResponse(expected, 77, version, response);

        using EncodedFrame frame = KafkaFrames.EncodeResponse(77, version, response);

        Assert.Equal(expected.WrittenCount, frame.Length);
        Assert.Equal(3, frame.Records.Count);
        Assert.True(frame.Records[1].Bytes.Equals(big.AsMemory(0, 40_000)));
        var copy = new ArrayBufferWriter<byte>();
        frame.CopyTo(copy);
        Assert.Equal(Convert.ToHexString(expected.WrittenSpan), Convert.ToHexString(copy.WrittenSpan));
        long total = 0;
        foreach (ReadOnlyMemory<byte> segment in frame.GetSegments()) total += segment.Length;
        Assert.Equal(frame.Length, total);

        int bodyStart = 4 + (version >= 12 ? 5 : 4);
        var decoded = KafkaMessage.Decode<FetchResponse>(expected.WrittenMemory[bodyStart..], version);
        Assert.Equal(big, decoded.Responses[0].Partitions[1].Records!.Value.ToArray());
    }

    private static ReadOnlySequence<byte> Segments(params byte[][] parts)
    {
        Segment? first = null;
        Segment? last = null;
        foreach (byte[] part in parts)
        {
            var segment = new Segment(part);
            if (first is null) first = segment;
            else last!.Append(segment);
            last = segment;
        }
        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes) => Memory = bytes;

        public void Append(Segment next)
        {
            next.RunningIndex = RunningIndex + Memory.Length;
            Next = next;
        }
    }
}
