using Streaming.Protocol.Messages;
using Xunit;

namespace Streaming.Protocol.Tests.Messages;

/// <summary>Damaged bytes for any message at any version fail as <see cref="ProtocolException"/> and nothing else.</summary>
public sealed class MessageMalformedInputTests
{
    public static TheoryData<string, short> Cases => Samples.EveryVersion();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decode_EveryTruncation_ThrowsProtocolException(string name, short version)
    {
        MessageCase c = Samples.Get(name);
        byte[] bytes = c.Encode(c.Sample(version), version);

        for (int length = 0; length < bytes.Length; length++)
        {
            byte[] truncated = bytes[..length];
            Assert.Throws<ProtocolException>(() => c.Decode(truncated, version));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decode_RandomByteFlips_DecodesOrThrowsProtocolExceptionOnly(string name, short version)
    {
        MessageCase c = Samples.Get(name);
        byte[] bytes = c.Encode(c.Sample(version), version);
        if (bytes.Length == 0) return;
        var random = new Random(StableSeed(name) ^ version);

        for (int round = 0; round < 300; round++)
        {
            byte[] damaged = (byte[])bytes.Clone();
            int flips = 1 + random.Next(3);
            for (int i = 0; i < flips; i++)
            {
                int at = random.Next(damaged.Length);
                damaged[at] = random.Next(4) == 0 ? (byte)0xFF : (byte)random.Next(256);
            }

            AssertDecodesOrFailsCleanly(c, damaged, version);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decode_HostileLengthAtEveryPosition_AllocatesLittle(string name, short version)
    {
        MessageCase c = Samples.Get(name);
        byte[] bytes = c.Encode(c.Sample(version), version);

        // A length/count field replaced by a huge value at each offset (int32 0x7FFFFFF0 and a 5-byte varint) must be
        // rejected before anything of that size is allocated.
        byte[][] hostile = [[0x7F, 0xFF, 0xFF, 0xF0], [0xF0, 0xFF, 0xFF, 0xFF, 0x07], [0x7F, 0xF0]];
        foreach (byte[] value in hostile)
        {
            for (int at = 0; at + value.Length <= bytes.Length; at++)
            {
                byte[] damaged = (byte[])bytes.Clone();
                value.CopyTo(damaged, at);
                long before = GC.GetAllocatedBytesForCurrentThread();
                AssertDecodesOrFailsCleanly(c, damaged, version);
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.True(allocated < 1_000_000 + 512L * bytes.Length, $"decoding allocated {allocated} bytes with a hostile value at offset {at}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decode_TrailingByte_ThrowsProtocolException(string name, short version)
    {
        MessageCase c = Samples.Get(name);
        byte[] bytes = [.. c.Encode(c.Sample(version), version), 0];

        Assert.Throws<ProtocolException>(() => c.Decode(bytes, version));
    }

    private static int StableSeed(string name)
    {
        int seed = 17;
        foreach (char c in name) seed = (seed * 31) + c;
        return seed;
    }

    private static void AssertDecodesOrFailsCleanly(MessageCase c, byte[] bytes, short version)
    {
        try
        {
            c.Decode(bytes, version);
        }
        catch (ProtocolException)
        {
        }
        catch (Exception ex)
        {
            Assert.Fail($"{c.Name} v{version} threw {ex.GetType().Name} for {Convert.ToHexString(bytes)}: {ex}");
        }
    }
}
