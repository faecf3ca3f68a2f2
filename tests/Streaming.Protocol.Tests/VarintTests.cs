using FsCheck.Xunit;
using Streaming.Protocol.Records;
using Xunit;

namespace Streaming.Protocol.Tests;

public sealed class VarintTests
{
    [Theory]
    [InlineData(0, "00")]
    [InlineData(-1, "01")]
    [InlineData(1, "02")]
    [InlineData(-2, "03")]
    [InlineData(63, "7E")]
    [InlineData(-64, "7F")]
    [InlineData(64, "8001")]
    [InlineData(-65, "8101")]
    [InlineData(150, "AC02")]
    [InlineData(int.MaxValue, "FEFFFFFF0F")]
    [InlineData(int.MinValue, "FFFFFFFF0F")]
    public void WriteSigned_Int_ProducesZigzagEncoding(int value, string expectedHex)
    {
        Span<byte> buffer = stackalloc byte[Varint.MaxLength32];
        int n = Varint.WriteSigned(buffer, value);
        Assert.Equal(expectedHex, Convert.ToHexString(buffer[..n]));
        Assert.Equal(expectedHex.Length / 2, Varint.SizeOfSigned(value));
        Assert.True(Varint.TryReadSigned(buffer[..n], out int read, out int bytesRead));
        Assert.Equal(value, read);
        Assert.Equal(n, bytesRead);
    }

    [Theory]
    [InlineData(0L, 1)]
    [InlineData(-1L, 1)]
    [InlineData(63L, 1)]
    [InlineData(64L, 2)]
    [InlineData((long)int.MaxValue, 5)]
    [InlineData((long)int.MinValue, 5)]
    [InlineData(1L << 34, 6)]
    [InlineData(1700000000000L, 6)]
    [InlineData(long.MaxValue, 10)]
    [InlineData(long.MinValue, 10)]
    public void WriteSigned_Long_RoundTripsWithExpectedSize(long value, int expectedSize)
    {
        Span<byte> buffer = stackalloc byte[Varint.MaxLength64];
        int n = Varint.WriteSigned(buffer, value);
        Assert.Equal(expectedSize, n);
        Assert.Equal(expectedSize, Varint.SizeOfSigned(value));
        Assert.True(Varint.TryReadSigned(buffer[..n], out long read, out int bytesRead));
        Assert.Equal(value, read);
        Assert.Equal(n, bytesRead);
    }

    [Theory]
    [InlineData(0u, "00")]
    [InlineData(127u, "7F")]
    [InlineData(128u, "8001")]
    [InlineData(300u, "AC02")]
    [InlineData(16383u, "FF7F")]
    [InlineData(16384u, "808001")]
    [InlineData(uint.MaxValue, "FFFFFFFF0F")]
    public void WriteUnsigned_UInt_ProducesLeb128(uint value, string expectedHex)
    {
        Span<byte> buffer = stackalloc byte[Varint.MaxLength32];
        int n = Varint.WriteUnsigned(buffer, value);
        Assert.Equal(expectedHex, Convert.ToHexString(buffer[..n]));
        Assert.Equal(n, Varint.SizeOfUnsigned(value));
        Assert.True(Varint.TryReadUnsigned(buffer[..n], out uint read, out int bytesRead));
        Assert.Equal(value, read);
        Assert.Equal(n, bytesRead);
    }

    [Theory]
    [InlineData(0UL, 1)]
    [InlineData(127UL, 1)]
    [InlineData(128UL, 2)]
    [InlineData((ulong)uint.MaxValue, 5)]
    [InlineData(ulong.MaxValue, 10)]
    public void WriteUnsigned_ULong_RoundTripsWithExpectedSize(ulong value, int expectedSize)
    {
        Span<byte> buffer = stackalloc byte[Varint.MaxLength64];
        int n = Varint.WriteUnsigned(buffer, value);
        Assert.Equal(expectedSize, n);
        Assert.Equal(expectedSize, Varint.SizeOfUnsigned(value));
        Assert.True(Varint.TryReadUnsigned(buffer[..n], out ulong read, out int bytesRead));
        Assert.Equal(value, read);
        Assert.Equal(n, bytesRead);
    }

    [Property(MaxTest = 300)]
    public void TryReadSigned_AnyInt_RoundTripsAndIgnoresTrailingBytes(int value, byte trailing)
    {
        Span<byte> buffer = stackalloc byte[Varint.MaxLength32 + 1];
        int n = Varint.WriteSigned(buffer, value);
        buffer[n] = trailing;
        Assert.Equal(Varint.SizeOfSigned(value), n);
        Assert.True(Varint.TryReadSigned(buffer[..(n + 1)], out int read, out int bytesRead));
        Assert.Equal(value, read);
        Assert.Equal(n, bytesRead);
    }

    [Property(MaxTest = 300)]
    public void TryReadSigned_AnyLong_RoundTrips(long value)
    {
        Span<byte> buffer = stackalloc byte[Varint.MaxLength64];
        int n = Varint.WriteSigned(buffer, value);
        Assert.Equal(Varint.SizeOfSigned(value), n);
        Assert.True(Varint.TryReadSigned(buffer[..n], out long read, out int bytesRead));
        Assert.Equal(value, read);
        Assert.Equal(n, bytesRead);
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(int.MinValue)]
    [InlineData(300)]
    public void TryReadSigned_IntTruncated_ReturnsFalse(int value)
    {
        Span<byte> buffer = stackalloc byte[Varint.MaxLength32];
        int n = Varint.WriteSigned(buffer, value);
        for (int cut = 0; cut < n; cut++)
        {
            Assert.False(Varint.TryReadSigned(buffer[..cut], out int _, out int bytesRead), $"prefix of {cut} bytes");
            Assert.Equal(0, bytesRead);
        }
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    [InlineData(1700000000000L)]
    public void TryReadSigned_LongTruncated_ReturnsFalse(long value)
    {
        Span<byte> buffer = stackalloc byte[Varint.MaxLength64];
        int n = Varint.WriteSigned(buffer, value);
        for (int cut = 0; cut < n; cut++)
            Assert.False(Varint.TryReadSigned(buffer[..cut], out long _, out int _), $"prefix of {cut} bytes");
    }

    [Fact]
    public void TryReadUnsigned_MoreThanFiveBytes_ReturnsFalse()
    {
        byte[] overlong = [0x80, 0x80, 0x80, 0x80, 0x80, 0x00];
        Assert.False(Varint.TryReadUnsigned(overlong, out uint _, out int _));
        Assert.False(Varint.TryReadSigned(overlong, out int _, out int _));
    }

    [Fact]
    public void TryReadUnsigned_MoreThanTenBytes_ReturnsFalse()
    {
        byte[] overlong = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00];
        Assert.False(Varint.TryReadUnsigned(overlong, out ulong _, out int _));
        Assert.False(Varint.TryReadSigned(overlong, out long _, out int _));
    }

    [Fact]
    public void TryReadUnsigned_AllContinuationBytes_ReturnsFalse()
    {
        byte[] garbage = Enumerable.Repeat((byte)0xFF, 32).ToArray();
        Assert.False(Varint.TryReadUnsigned(garbage, out uint _, out int _));
        Assert.False(Varint.TryReadUnsigned(garbage, out ulong _, out int _));
    }

    [Fact]
    public void TryReadUnsigned_NonMinimalEncoding_IsAcceptedLikeKafka()
    {
        // Kafka's ByteUtils accepts padded encodings as long as they fit; 0x80 0x00 is zero in two bytes.
        Assert.True(Varint.TryReadUnsigned([0x80, 0x00], out uint value, out int bytesRead));
        Assert.Equal(0u, value);
        Assert.Equal(2, bytesRead);
    }
}
