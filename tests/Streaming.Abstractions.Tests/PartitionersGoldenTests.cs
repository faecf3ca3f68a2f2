using System.Text.Json;
using Xunit;

namespace Streaming.Abstractions.Tests;

/// <summary>Kafka's default partitioner, checked against a table produced with librdkafka's murmur2_random.</summary>
public sealed class PartitionersGoldenTests
{
    private static readonly Lazy<(byte[][] Keys, Dictionary<int, int[]> Partitions)> Golden = new(Load);

    private static (byte[][] Keys, Dictionary<int, int[]> Partitions) Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", "murmur2-partitions.json");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
        byte[][] keys = doc.RootElement.GetProperty("keysHex").EnumerateArray()
            .Select(k => Convert.FromHexString(k.GetString()!)).ToArray();
        var partitions = new Dictionary<int, int[]>();
        foreach (JsonProperty p in doc.RootElement.GetProperty("partitionsByCount").EnumerateObject())
            partitions[int.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture)] = p.Value.EnumerateArray().Select(e => e.GetInt32()).ToArray();
        return (keys, partitions);
    }

    public static TheoryData<int> PartitionCounts()
    {
        var data = new TheoryData<int>();
        foreach (int n in Golden.Value.Partitions.Keys.Order()) data.Add(n);
        return data;
    }

    [Fact]
    public void GoldenFile_Loaded_HasKeysAndATableRowPerKey()
    {
        var (keys, partitions) = Golden.Value;
        Assert.True(keys.Length >= 50, $"expected many keys, got {keys.Length}");
        Assert.True(partitions.Count >= 3, $"expected several partition counts, got {partitions.Count}");
        Assert.All(partitions.Values, row => Assert.Equal(keys.Length, row.Length));
    }

    [Theory]
    [MemberData(nameof(PartitionCounts))]
    public void ForKey_GoldenKeys_MatchesKafkaDefaultPartitioner(int partitionCount)
    {
        var (keys, partitions) = Golden.Value;
        int[] expected = partitions[partitionCount];
        var mismatches = new List<string>();
        for (int i = 0; i < keys.Length; i++)
        {
            int actual = Partitioners.ForKey(keys[i], partitionCount);
            if (actual != expected[i])
                mismatches.Add($"key {Convert.ToHexString(keys[i])}: expected {expected[i]}, got {actual}");
        }
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    // Values from Kafka's UtilsTest.testMurmur2 (org.apache.kafka.common.utils).
    [Theory]
    [InlineData("21", -973932308)]
    [InlineData("foobar", -790332482)]
    [InlineData("a-little-bit-long-string", -985981536)]
    [InlineData("a-little-bit-longer-string", -1486304829)]
    [InlineData("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971)]
    [InlineData("abc", 479470107)]
    public void Murmur2_KafkaUtilsTestVectors_MatchesJavaClient(string key, int expected)
        => Assert.Equal(expected, Partitioners.Murmur2(System.Text.Encoding.UTF8.GetBytes(key)));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void ForKey_NonPositivePartitionCount_Throws(int partitionCount)
        => Assert.Throws<ArgumentOutOfRangeException>(() => Partitioners.ForKey("k"u8, partitionCount));
}
