using System.Buffers;
using Streaming.Protocol.Messages;
using Xunit;
using static Streaming.Protocol.Tests.Messages.KnownAnswer;

namespace Streaming.Protocol.Tests.Messages;

public sealed class ProtocolPrimitivesTests
{
    private delegate void WriteAction(ref ProtocolWriter writer);

    private static byte[] Write(WriteAction write)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new ProtocolWriter(output);
        write(ref writer);
        writer.Flush();
        return output.WrittenSpan.ToArray();
    }

    [Fact]
    public void WriteFixedWidth_AllTypes_AreBigEndian()
    {
        byte[] bytes = Write((ref ProtocolWriter w) =>
        {
            w.WriteInt8(-2);
            w.WriteInt16(0x0102);
            w.WriteUInt16(0xFFFE);
            w.WriteInt32(0x01020304);
            w.WriteUInt32(0xFFFFFFFE);
            w.WriteInt64(0x0102030405060708);
            w.WriteFloat64(1.5);
            w.WriteBool(true);
            w.WriteBool(false);
        });

        Assert.Equal("FE0102FFFE01020304FFFFFFFE01020304050607083FF80000000000000100", Convert.ToHexString(bytes));
        var r = new ProtocolReader(bytes.AsSpan());
        Assert.Equal(-2, r.ReadInt8("a"));
        Assert.Equal(0x0102, r.ReadInt16("b"));
        Assert.Equal(0xFFFE, r.ReadUInt16("c"));
        Assert.Equal(0x01020304, r.ReadInt32("d"));
        Assert.Equal(0xFFFFFFFE, r.ReadUInt32("e"));
        Assert.Equal(0x0102030405060708, r.ReadInt64("f"));
        Assert.Equal(1.5, r.ReadFloat64("g"));
        Assert.True(r.ReadBool("h"));
        Assert.False(r.ReadBool("i"));
        Assert.True(r.End);
    }

    [Fact]
    public void ReadBool_AnyNonZeroByte_IsTrue()
    {
        var r = new ProtocolReader(new byte[] { 0x7F }.AsSpan());
        Assert.True(r.ReadBool("flag"));
    }

    [Fact]
    public void Uuid_WireBytes_FollowTheTextOrderNotDotNetLayout()
    {
        var id = Guid.Parse("00010203-0405-0607-0809-0a0b0c0d0e0f");

        byte[] bytes = Write((ref ProtocolWriter w) => w.WriteUuid(id));

        Assert.Equal("000102030405060708090A0B0C0D0E0F", Convert.ToHexString(bytes));
        Assert.NotEqual(Convert.ToHexString(id.ToByteArray()), Convert.ToHexString(bytes));
        Assert.Equal(bytes, KafkaUuid.ToBytes(id));
        var r = new ProtocolReader(bytes.AsSpan());
        Assert.Equal(id, r.ReadUuid("id"));
        Assert.Equal(id, KafkaUuid.Read(bytes));
    }

    [Theory]
    [InlineData(0, "00")]
    [InlineData(-1, "01")]
    [InlineData(1, "02")]
    [InlineData(63, "7E")]
    [InlineData(-64, "7F")]
    [InlineData(64, "8001")]
    [InlineData(int.MaxValue, "FEFFFFFF0F")]
    [InlineData(int.MinValue, "FFFFFFFF0F")]
    public void Varint_Zigzag_MatchesKafkaEncoding(int value, string hex)
    {
        byte[] bytes = Write((ref ProtocolWriter w) => w.WriteVarint(value));

        Assert.Equal(hex, Convert.ToHexString(bytes));
        var r = new ProtocolReader(bytes.AsSpan());
        Assert.Equal(value, r.ReadVarint("v"));
    }

    [Theory]
    [InlineData(0L, "00")]
    [InlineData(-1L, "01")]
    [InlineData(300L, "D804")]
    [InlineData(long.MaxValue, "FEFFFFFFFFFFFFFFFF01")]
    [InlineData(long.MinValue, "FFFFFFFFFFFFFFFFFF01")]
    public void Varlong_Zigzag_MatchesKafkaEncoding(long value, string hex)
    {
        byte[] bytes = Write((ref ProtocolWriter w) => w.WriteVarlong(value));

        Assert.Equal(hex, Convert.ToHexString(bytes));
        var r = new ProtocolReader(bytes.AsSpan());
        Assert.Equal(value, r.ReadVarlong("v"));
    }

    [Theory]
    [InlineData(0u, "00")]
    [InlineData(127u, "7F")]
    [InlineData(128u, "8001")]
    [InlineData(300u, "AC02")]
    [InlineData(uint.MaxValue, "FFFFFFFF0F")]
    public void UnsignedVarint_RoundTrips(uint value, string hex)
    {
        byte[] bytes = Write((ref ProtocolWriter w) => w.WriteUnsignedVarint(value));

        Assert.Equal(hex, Convert.ToHexString(bytes));
        var r = new ProtocolReader(bytes.AsSpan());
        Assert.Equal(value, r.ReadUnsignedVarint("v"));
    }

    [Theory]
    [InlineData("FFFFFFFF10", "fifth byte overflows 32 bits")]
    [InlineData("FFFFFFFFFF01", "six bytes")]
    [InlineData("80", "continuation bit with nothing after it")]
    public void ReadUnsignedVarint_Malformed_ThrowsProtocolException(string hex, string because)
    {
        _ = because;
        Assert.Throws<ProtocolException>(() => new ProtocolReader(Convert.FromHexString(hex).AsSpan()).ReadUnsignedVarint("v"));
    }

    [Fact]
    public void ReadVarlong_ElevenBytes_ThrowsProtocolException()
        => Assert.Throws<ProtocolException>(() => new ProtocolReader(Convert.FromHexString("FFFFFFFFFFFFFFFFFFFF01").AsSpan()).ReadVarlong("v"));

    [Fact]
    public void Strings_AllFourEncodings_RoundTrip()
    {
        byte[] bytes = Write((ref ProtocolWriter w) =>
        {
            w.WriteString("hé", "a");
            w.WriteNullableString(null, "b");
            w.WriteCompactString("hé", "c");
            w.WriteCompactNullableString(null, "d");
            w.WriteCompactString("", "e");
        });

        Assert.Equal("000368C3A9FFFF0468C3A90001", Convert.ToHexString(bytes));
        var r = new ProtocolReader(bytes.AsSpan());
        Assert.Equal("hé", r.ReadString("a"));
        Assert.Null(r.ReadNullableString("b"));
        Assert.Equal("hé", r.ReadCompactString("c"));
        Assert.Null(r.ReadCompactNullableString("d"));
        Assert.Equal("", r.ReadCompactString("e"));
    }

    [Fact]
    public void Bytes_AllFourEncodings_RoundTrip()
    {
        byte[] bytes = Write((ref ProtocolWriter w) =>
        {
            w.WriteBytes(new byte[] { 1, 2 });
            w.WriteNullableBytes(null);
            w.WriteCompactBytes(new byte[] { 3 });
            w.WriteCompactNullableBytes(null);
        });

        Assert.Equal("000000020102FFFFFFFF020300", Convert.ToHexString(bytes));
        var r = new ProtocolReader(bytes.AsSpan());
        Assert.Equal(new byte[] { 1, 2 }, r.ReadBytes("a"));
        Assert.Null(r.ReadNullableBytes("b"));
        Assert.Equal(new byte[] { 3 }, r.ReadCompactBytes("c"));
        Assert.Null(r.ReadCompactNullableBytes("d"));
    }

    [Fact]
    public void Arrays_CompactAndClassic_EncodeCountAndNull()
    {
        byte[] bytes = Write((ref ProtocolWriter w) =>
        {
            w.WriteInt32Array([7], flexible: false, "a");
            w.WriteNullableInt32Array(null, flexible: false);
            w.WriteInt32Array([7], flexible: true, "c");
            w.WriteNullableInt32Array(null, flexible: true);
            w.WriteStringArray(["x"], flexible: true, "e");
        });

        Assert.Equal("0000000100000007FFFFFFFF0200000007000202" + "78", Convert.ToHexString(bytes));
        var r = new ProtocolReader(bytes.AsSpan());
        Assert.Equal([7], r.ReadInt32Array(false, "a"));
        Assert.Null(r.ReadNullableInt32Array(false, "b"));
        Assert.Equal([7], r.ReadInt32Array(true, "c"));
        Assert.Null(r.ReadNullableInt32Array(true, "d"));
        Assert.Equal(["x"], r.ReadStringArray(true, "e"));
    }

    [Theory]
    [InlineData("FFFE", "string length -2")]
    [InlineData("0005616263", "string longer than the bytes left")]
    [InlineData("0002C328", "invalid UTF-8")]
    [InlineData("FFFF", "null for a non-nullable string")]
    public void ReadString_Malformed_ThrowsProtocolException(string hex, string because)
    {
        _ = because;
        Assert.Throws<ProtocolException>(() => new ProtocolReader(Convert.FromHexString(hex).AsSpan()).ReadString("name"));
    }

    [Theory]
    [InlineData("00", "compact null for a non-nullable string")]
    [InlineData("FFFFFFFF07", "compact length beyond the bytes left")]
    [InlineData("06616263", "compact length 5 with 3 bytes")]
    public void ReadCompactString_Malformed_ThrowsProtocolException(string hex, string because)
    {
        _ = because;
        Assert.Throws<ProtocolException>(() => new ProtocolReader(Convert.FromHexString(hex).AsSpan()).ReadCompactString("name"));
    }

    [Theory]
    [InlineData("FFFFFFFE", false)]
    [InlineData("7FFFFFFF", false)]
    [InlineData("00000002000000", false)]
    [InlineData("FFFFFFFF07", true)]
    [InlineData("0A00", true)]
    public void ReadArrayCount_ImpossibleCount_ThrowsBeforeAllocating(string hex, bool flexible)
    {
        byte[] bytes = Convert.FromHexString(hex);
        long before = GC.GetAllocatedBytesForCurrentThread();

        var ex = Assert.Throws<ProtocolException>(() => new ProtocolReader(bytes.AsSpan()).ReadInt32Array(flexible, "partitions"));

        Assert.Contains("partitions", ex.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 100_000);
    }

    [Fact]
    public void ReadInt32_Truncated_NamesTheField()
    {
        var ex = Assert.Throws<ProtocolException>(() => new ProtocolReader(new byte[] { 1, 2 }.AsSpan()).ReadInt32("ThrottleTimeMs"));

        Assert.Contains("ThrottleTimeMs", ex.Message);
    }

    [Fact]
    public void TaggedFields_ValueShorterThanItsSize_ThrowsProtocolException()
    {
        // One field, tag 1, size 9, but ApiVersionsResponse reads tag 1 as an int64 (8 bytes).
        byte[] bytes = Bytes("0000 01 00000000 01 01 09 000000000000000500");

        Assert.Throws<ProtocolException>(() => KafkaMessage.Decode<ApiVersionsResponse>(bytes, 3));
    }

    [Fact]
    public void TaggedFields_SizeBeyondTheBytesLeft_ThrowsProtocolException()
    {
        byte[] bytes = Bytes("0000 01 00000000 01 05 7F 00");

        Assert.Throws<ProtocolException>(() => KafkaMessage.Decode<ApiVersionsResponse>(bytes, 3));
    }

    [Fact]
    public void TaggedFields_Write_EmitsOnlyNonDefaultFieldsInTagOrder()
    {
        var response = new ApiVersionsResponse { FinalizedFeaturesEpoch = 3, ZkMigrationReady = true };

        byte[] bytes = KafkaMessage.Encode(response, 3);

        Assert.Equal("0000" + "01" + "00000000" + "02" + "0108" + "0000000000000003" + "0301" + "01", Convert.ToHexString(bytes));
        Assert.Equal("0000" + "01" + "00000000" + "00", Convert.ToHexString(KafkaMessage.Encode(new ApiVersionsResponse(), 3)));
    }

    [Fact]
    public void Writer_SmallOutputSegments_StillWritesEveryByte()
    {
        var output = new TinySegmentWriter();
        var sample = (FetchResponse)Samples.Get(nameof(FetchResponse)).Sample(16);
        var writer = new ProtocolWriter(output);
        sample.Write(ref writer, 16);
        writer.Flush();

        Assert.Equal(Convert.ToHexString(KafkaMessage.Encode(sample, 16)), Convert.ToHexString(output.Written.ToArray()));
    }

    /// <summary>Gives at most what was asked for, so every value crosses a buffer boundary at some point.</summary>
    private sealed class TinySegmentWriter : IBufferWriter<byte>
    {
        public List<byte> Written { get; } = [];

        private byte[] _current = [];

        public void Advance(int count) => Written.AddRange(_current.AsSpan(0, count).ToArray());

        public Memory<byte> GetMemory(int sizeHint = 0) => _current = new byte[Math.Max(sizeHint, 1)];

        public Span<byte> GetSpan(int sizeHint = 0) => _current = new byte[Math.Max(sizeHint, 1)];
    }
}
