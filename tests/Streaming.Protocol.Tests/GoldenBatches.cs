using System.Text.Json;
using Streaming.Protocol.Records;

namespace Streaming.Protocol.Tests;

/// <summary>One case of TestData/record-batches.json: a batch built by kafka-python and the records it holds.</summary>
public sealed record GoldenCase(string Name, CompressionType Compression, bool Transactional, long ProducerId, short ProducerEpoch,
    int BaseSequence, IReadOnlyList<TestRecord> Records, byte[] Batch)
{
    public override string ToString() => Name;
}

/// <summary>Loads the golden batches from the test output directory (copied there by the csproj).</summary>
internal static class GoldenBatches
{
    private static readonly Lazy<IReadOnlyList<GoldenCase>> Cases = new(Load);

    public static IReadOnlyList<GoldenCase> All => Cases.Value;

    public static GoldenCase Get(string name) => All.Single(c => c.Name == name);

    private static IReadOnlyList<GoldenCase> Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", "record-batches.json");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var cases = new List<GoldenCase>();
        foreach (JsonElement c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            var records = new List<TestRecord>();
            foreach (JsonElement r in c.GetProperty("records").EnumerateArray())
            {
                var headers = r.GetProperty("headers").EnumerateArray()
                    .Select(h => new TestHeader(h.GetProperty("key").GetString()!, Bytes(h.GetProperty("valueHex"))))
                    .ToList();
                records.Add(new TestRecord(r.GetProperty("offsetDelta").GetInt64(), r.GetProperty("timestamp").GetInt64(),
                    Bytes(r.GetProperty("keyHex")), Bytes(r.GetProperty("valueHex")), headers));
            }
            cases.Add(new GoldenCase(
                c.GetProperty("name").GetString()!,
                Codec(c.GetProperty("compression").GetString()!),
                c.GetProperty("transactional").GetBoolean(),
                c.GetProperty("producerId").GetInt64(),
                c.GetProperty("producerEpoch").GetInt16(),
                c.GetProperty("baseSequence").GetInt32(),
                records,
                Convert.FromHexString(c.GetProperty("batchHex").GetString()!)));
        }
        return cases;
    }

    private static byte[]? Bytes(JsonElement hex) => hex.ValueKind == JsonValueKind.Null ? null : Convert.FromHexString(hex.GetString()!);

    private static CompressionType Codec(string name) => name switch
    {
        "none" => CompressionType.None,
        "gzip" => CompressionType.Gzip,
        "snappy" => CompressionType.Snappy,
        "lz4" => CompressionType.Lz4,
        "zstd" => CompressionType.Zstd,
        _ => throw new InvalidDataException($"unknown compression '{name}' in golden data"),
    };
}
