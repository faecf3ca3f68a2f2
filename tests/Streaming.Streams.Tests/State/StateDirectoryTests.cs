using Streaming.Streams.Kstream;
using Streaming.Streams.State;
using Streaming.Streams.TestDriver;

namespace Streaming.Streams.Tests.State;

public sealed class StateDirectoryTests
{
    private static Topology RocksTopology(string stateDir)
    {
        var builder = new StreamsBuilder(TestConfig.Create("locked", store: StoreType.RocksDb, stateDir: stateDir));
        builder.Stream<string, string>("in").GroupByKey().Count();
        return builder.Build();
    }

    [Fact]
    public void Driver_SecondInstanceOnSameStateDirectory_ThrowsLocked()
    {
        string dir = TestConfig.NewStateDirectory();
        using var first = new TopologyTestDriver(RocksTopology(dir));

        var ex = Assert.Throws<DataDirectoryLockedException>(() => new TopologyTestDriver(RocksTopology(dir)));

        Assert.Contains(Path.Combine(dir, "locked", "0_0"), ex.Message);
    }

    [Fact]
    public void Driver_AfterDispose_ReleasesLockAndDeletesTaskDirectory()
    {
        string dir = TestConfig.NewStateDirectory();
        new TopologyTestDriver(RocksTopology(dir)).Dispose();

        Assert.False(Directory.Exists(Path.Combine(dir, "locked", "0_0")));
        using var second = new TopologyTestDriver(RocksTopology(dir));
        Assert.True(File.Exists(Path.Combine(dir, "locked", "0_0", ".lock")));
    }

    [Fact]
    public void Driver_KeepState_LeavesRocksDbFilesForTheNextInstance()
    {
        string dir = TestConfig.NewStateDirectory();
        var options = new TopologyTestDriverOptions { DeleteStateOnDispose = false };
        using (var driver = new TopologyTestDriver(RocksTopology(dir), options))
        {
            driver.CreateInputTopic<string, string>("in").PipeInput("a", "x", 1);
        }

        using var reopened = new TopologyTestDriver(RocksTopology(dir), options);
        Assert.True(reopened.GetKeyValueStore<string, long>("KSTREAM-AGGREGATE-STATE-STORE-0000000001").TryGet("a", out long count));
        Assert.Equal(1, count);
    }
}
