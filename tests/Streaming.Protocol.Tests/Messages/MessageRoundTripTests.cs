using Streaming.Protocol.Messages;
using Xunit;

namespace Streaming.Protocol.Tests.Messages;

/// <summary>Every message at every supported version survives encode → decode with every field the version has.</summary>
public sealed class MessageRoundTripTests
{
    public static TheoryData<string, short> Cases => Samples.EveryVersion();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decode_EncodedSample_EqualsSample(string name, short version)
    {
        MessageCase c = Samples.Get(name);
        object sample = c.Sample(version);
        byte[] bytes = c.Encode(sample, version);

        object decoded = c.Decode(bytes, version);

        DeepEquality.AssertEqual(sample, decoded);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Encode_DecodedMessage_GivesSameBytes(string name, short version)
    {
        MessageCase c = Samples.Get(name);
        byte[] bytes = c.Encode(c.Sample(version), version);

        byte[] again = c.Encode(c.Decode(bytes, version), version);

        Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(again));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Measure_Sample_EqualsEncodedLength(string name, short version)
    {
        MessageCase c = Samples.Get(name);
        object sample = c.Sample(version);
        byte[] bytes = c.Encode(sample, version);

        Assert.Equal(bytes.Length, c.Measure(sample, version));
    }
}
