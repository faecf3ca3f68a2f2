using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Streaming.Protocol.Records;
using Xunit;

namespace Streaming.Protocol.Tests;

public sealed class Crc32CTests
{
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xC1D04330u)]
    [InlineData("123456789", 0xE3069283u)]
    public void Compute_KnownAsciiVectors_MatchCastagnoli(string text, uint expected)
    {
        byte[] data = System.Text.Encoding.ASCII.GetBytes(text);
        Assert.Equal(expected, Crc32C.Compute(data));
        Assert.Equal(expected, Crc32C.ComputeSoftware(data));
    }

    // RFC 3720 (iSCSI), appendix B.4.
    [Theory]
    [InlineData("zeros", 0x8A9136AAu)]
    [InlineData("ones", 0x62A8AB43u)]
    [InlineData("ascending", 0x46DD794Eu)]
    [InlineData("descending", 0x113FDB5Cu)]
    public void Compute_Rfc3720Vectors_Match(string pattern, uint expected)
    {
        byte[] data = pattern switch
        {
            "zeros" => new byte[32],
            "ones" => Enumerable.Repeat((byte)0xFF, 32).ToArray(),
            "ascending" => Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(),
            _ => Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray(),
        };
        Assert.Equal(expected, Crc32C.Compute(data));
        Assert.Equal(expected, Crc32C.ComputeSoftware(data));
    }

    [Fact]
    public void Compute_EveryLengthAndAlignmentUpTo80_AgreesWithSoftware()
    {
        var random = new Random(12345);
        byte[] buffer = new byte[100];
        random.NextBytes(buffer);
        for (int offset = 0; offset < 8; offset++)
        {
            for (int length = 0; length + offset <= 88; length++)
            {
                ReadOnlySpan<byte> slice = buffer.AsSpan(offset, length);
                Assert.True(Crc32C.ComputeSoftware(slice) == Crc32C.Compute(slice), $"offset {offset}, length {length}");
            }
        }
    }

    [Property(MaxTest = 200)]
    public void Compute_RandomData_AgreesWithSoftware(byte[] data, byte skip)
    {
        ReadOnlySpan<byte> span = data.AsSpan(Math.Min(skip % 8, data.Length));
        Assert.Equal(Crc32C.ComputeSoftware(span), Crc32C.Compute(span));
    }

    [Fact]
    public void Compute_LargeRandomBuffer_AgreesWithSoftware()
    {
        byte[] data = new byte[1 << 20];
        new Random(7).NextBytes(data);
        Assert.Equal(Crc32C.ComputeSoftware(data), Crc32C.Compute(data));
    }

    [Property(MaxTest = 200)]
    public Property Compute_SingleBitFlipped_ChangesTheChecksum()
    {
        Gen<(byte[] Data, int Bit)> gen =
            from data in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>()).Where(d => d.Length > 0)
            from bit in Gen.Choose(0, (data.Length * 8) - 1)
            select (data, bit);
        return Prop.ForAll(gen.ToArbitrary(), t =>
        {
            byte[] flipped = t.Data.ToArray();
            flipped[t.Bit / 8] ^= (byte)(1 << (t.Bit % 8));
            Assert.NotEqual(Crc32C.Compute(t.Data), Crc32C.Compute(flipped));
        });
    }
}
