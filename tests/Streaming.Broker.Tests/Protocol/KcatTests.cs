namespace Streaming.Broker.Tests.Protocol;

/// <summary>kcat (librdkafka in C) against the listener: metadata, keyed produce, consume, consume as a group.</summary>
public sealed class KcatTests : IAsyncLifetime
{
    private ListenerHarness _h = null!;

    public Task InitializeAsync()
    {
        _h = new ListenerHarness();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task<string> RunOk(string input, params string[] arguments)
    {
        var (exit, output, error) = await Kcat.RunAsync(["-b", _h.BootstrapServers, .. arguments], input);
        Assert.True(exit == 0, $"kcat {string.Join(' ', arguments)} exited with {exit}: {error}");
        return output;
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [KcatFact]
    public async Task Metadata_ListsTheBrokerAndTopics()
    {
        _h.Broker.CreateTopic("orders", 3);
        string output = await RunOk("", "-L", "-J");
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var broker = Assert.Single(json.RootElement.GetProperty("brokers").EnumerateArray());
        Assert.Equal($"{_h.Listener.AdvertisedHost}:{_h.Listener.AdvertisedPort}", broker.GetProperty("name").GetString());
        var orders = Assert.Single(json.RootElement.GetProperty("topics").EnumerateArray(), t => t.GetProperty("topic").GetString() == "orders");
        Assert.Equal(3, orders.GetProperty("partitions").GetArrayLength());
    }

    [KcatFact]
    public async Task ProduceKeyedLines_LandOnTheMurmur2Partitions_AndConsumeFromTheBeginningReadsThemBack()
    {
        _h.Broker.CreateTopic("lines", 4);
        var lines = Enumerable.Range(0, 200).Select(i => $"key-{i % 17}:value-{i}").ToArray();
        await RunOk(string.Join('\n', lines) + "\n", "-P", "-t", "lines", "-K:", "-X", "partitioner=murmur2_random");

        string output = await RunOk("", "-C", "-t", "lines", "-o", "beginning", "-e", "-q", "-f", "%p %k %s\\n");
        var consumed = Lines(output).Select(l => l.Split(' ')).ToArray();
        Assert.Equal(200, consumed.Length);
        Assert.Equal(lines.Select(l => l.Split(':')[1]).Order(), consumed.Select(c => c[2]).Order());
        foreach (var c in consumed)
            Assert.Equal(Partitioners.ForKey(System.Text.Encoding.UTF8.GetBytes(c[1]), 4), int.Parse(c[0], System.Globalization.CultureInfo.InvariantCulture));
        // The embedded broker's own consumer reads what kcat wrote.
        Assert.Equal(200, _h.Broker.ReadAll("lines").Count);
    }

    [KcatFact]
    public async Task ConsumeAsAGroup_CommitsAndResumes()
    {
        _h.Broker.CreateTopic("grouped", 3);
        await RunOk(string.Join('\n', Enumerable.Range(0, 90).Select(i => $"first-{i}")) + "\n", "-P", "-t", "grouped");
        string first = await RunOk("", "-G", "readers", "-X", "auto.offset.reset=earliest", "-e", "-q", "grouped");
        Assert.Equal(90, Lines(first).Length);
        Assert.Equal(90, Enumerable.Range(0, 3).Sum(p => _h.Broker.Broker.Groups.Offsets.Get("readers", new TopicPartition("grouped", p))?.Offset ?? 0));

        await RunOk(string.Join('\n', Enumerable.Range(0, 30).Select(i => $"second-{i}")) + "\n", "-P", "-t", "grouped");
        string second = await RunOk("", "-G", "readers", "-X", "auto.offset.reset=earliest", "-e", "-q", "grouped");
        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"second-{i}").Order(), Lines(second).Order());
    }
}
