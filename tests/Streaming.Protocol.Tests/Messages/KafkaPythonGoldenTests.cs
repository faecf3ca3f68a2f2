using System.Text.Json;
using Xunit;

namespace Streaming.Protocol.Tests.Messages;

/// <summary>
/// Bodies encoded by an independent implementation (kafka-python 2.0.2, see TestData/README.md) from the same values as
/// <see cref="Samples"/>: our encoding must match byte for byte and decode back to the sample.
/// </summary>
public sealed class KafkaPythonGoldenTests
{
    public static TheoryData<string, short, string> Cases()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", "kafka-python-golden.json");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var data = new TheoryData<string, short, string>();
        foreach (JsonElement e in doc.RootElement.EnumerateArray())
            data.Add(e.GetProperty("message").GetString()!, e.GetProperty("version").GetInt16(), e.GetProperty("hex").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Encode_Sample_MatchesKafkaPython(string message, short version, string hex)
    {
        MessageCase c = Samples.Get(message);

        Assert.Equal(hex, Convert.ToHexString(c.Encode(c.Sample(version), version)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decode_KafkaPythonBytes_EqualsSample(string message, short version, string hex)
    {
        MessageCase c = Samples.Get(message);

        object decoded = c.Decode(Convert.FromHexString(hex), version);

        DeepEquality.AssertEqual(c.Sample(version), decoded);
    }
}
