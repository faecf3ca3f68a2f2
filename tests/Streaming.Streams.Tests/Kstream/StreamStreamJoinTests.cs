using Streaming.Streams.Kstream;
using Streaming.Streams.State;
using Streaming.Streams.TestDriver;

namespace Streaming.Streams.Tests.Kstream;

public sealed class StreamStreamJoinTests
{
    private enum Kind { Inner, Left, Outer }

    private static TopologyTestDriver Driver(Kind kind, JoinWindows windows, StoreType storeType = StoreType.InMemory)
    {
        var builder = new StreamsBuilder(TestConfig.Create("join", store: storeType));
        KStream<string, string> left = builder.Stream<string, string>("left");
        KStream<string, string> right = builder.Stream<string, string>("right");
        Func<string?, string?, string> joiner = (l, r) => (l ?? "null") + "+" + (r ?? "null");
        KStream<string, string> joined = kind switch
        {
            Kind.Inner => left.Join(right, joiner, windows),
            Kind.Left => left.LeftJoin(right, joiner, windows),
            _ => left.OuterJoin(right, joiner, windows),
        };
        joined.To("out");
        return new TopologyTestDriver(builder.Build());
    }

    private static List<(string Key, string Value, long Timestamp)> Read(TopologyTestDriver driver)
        => [.. driver.CreateOutputTopic<string, string>("out").ReadRecordsToList().Select(r => (r.Key, r.Value, r.Timestamp))];

    [Theory]
    [InlineData(StoreType.InMemory)]
    [InlineData(StoreType.RocksDb)]
    public void InnerJoin_OutOfOrderRecords_JoinWithinTheWindowStampedWithTheLaterTimestamp(StoreType storeType)
    {
        using TopologyTestDriver driver = Driver(Kind.Inner, JoinWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromMilliseconds(10)), storeType);
        TestInputTopic<string, string> left = driver.CreateInputTopic<string, string>("left"), right = driver.CreateInputTopic<string, string>("right");

        left.PipeInput("a", "L1", 100);
        right.PipeInput("a", "R1", 105);
        right.PipeInput("a", "R2", 95);   // out of order, 5 before L1
        left.PipeInput("a", "L2", 120);   // R1 is 15 away
        right.PipeInput("a", "R3", 89);   // 11 before L1
        right.PipeInput("b", "Rb", 100);  // another key

        Assert.Equal([("a", "L1+R1", 105L), ("a", "L1+R2", 100L)], Read(driver));
    }

    [Fact]
    public void InnerJoin_DuplicateTimestamps_JoinsEveryBufferedRecord()
    {
        using TopologyTestDriver driver = Driver(Kind.Inner, JoinWindows.OfTimeDifferenceWithNoGrace(TimeSpan.Zero));
        TestInputTopic<string, string> left = driver.CreateInputTopic<string, string>("left"), right = driver.CreateInputTopic<string, string>("right");

        left.PipeInput("a", "L1", 100);
        left.PipeInput("a", "L2", 100);
        right.PipeInput("a", "R", 100);
        right.PipeInput("a", "R'", 101);

        Assert.Equal([("a", "L1+R", 100L), ("a", "L2+R", 100L)], Read(driver));
    }

    [Fact]
    public void InnerJoin_AsymmetricWindow_JoinsOnlyRightRecordsAfterTheLeft()
    {
        using TopologyTestDriver driver = Driver(Kind.Inner, JoinWindows.OfTimeDifferenceWithNoGrace(TimeSpan.Zero).After(TimeSpan.FromMilliseconds(10)));
        TestInputTopic<string, string> left = driver.CreateInputTopic<string, string>("left"), right = driver.CreateInputTopic<string, string>("right");

        left.PipeInput("a", "L", 100);
        right.PipeInput("a", "R95", 95);
        right.PipeInput("a", "R105", 105);
        right.PipeInput("a", "R111", 111);

        Assert.Equal([("a", "L+R105", 105L)], Read(driver));
    }

    [Fact]
    public void LeftJoin_UnmatchedLeftRecords_AreEmittedOnlyAfterTheirWindowCloses()
    {
        using TopologyTestDriver driver = Driver(Kind.Left, JoinWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromMilliseconds(10)));
        TestInputTopic<string, string> left = driver.CreateInputTopic<string, string>("left"), right = driver.CreateInputTopic<string, string>("right");

        left.PipeInput("a", "L1", 100);
        Assert.Empty(Read(driver));          // its window [90,110] is open: it waits
        right.PipeInput("a", "R1", 105);
        Assert.Equal([("a", "L1+R1", 105L)], Read(driver));
        left.PipeInput("b", "Lb", 110);
        left.PipeInput("c", "Lc", 111);
        Assert.Empty(Read(driver));          // b waits until stream time passes 110 + 10
        left.PipeInput("d", "Ld", 121);
        Assert.Equal([("b", "Lb+null", 110L)], Read(driver));
        left.PipeInput("e", "Le", 90);       // out of order, its window already closed: emitted at once
        Assert.Equal([("e", "Le+null", 90L)], Read(driver));
        right.PipeInput("f", "Rf", 130);     // a right record never emits alone in a left join, but advances stream time
        Assert.Equal([("c", "Lc+null", 111L)], Read(driver));
    }

    [Fact]
    public void LeftJoin_WithGrace_WaitsForTheGracePeriodToo()
    {
        using TopologyTestDriver driver = Driver(Kind.Left, JoinWindows.OfTimeDifferenceAndGrace(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(5)));
        TestInputTopic<string, string> left = driver.CreateInputTopic<string, string>("left");

        left.PipeInput("a", "L", 100);
        left.PipeInput("b", "x", 115);
        Assert.Empty(Read(driver));
        left.PipeInput("b", "y", 116);

        Assert.Equal([("a", "L+null", 100L)], Read(driver));
    }

    [Fact]
    public void OuterJoin_UnmatchedRecordsOfBothSides_AreEmittedAfterTheirWindowsClose()
    {
        using TopologyTestDriver driver = Driver(Kind.Outer, JoinWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromMilliseconds(10)));
        TestInputTopic<string, string> left = driver.CreateInputTopic<string, string>("left"), right = driver.CreateInputTopic<string, string>("right");

        left.PipeInput("a", "L1", 100);
        right.PipeInput("b", "Rb", 103);
        right.PipeInput("a", "R1", 104);
        Assert.Equal([("a", "L1+R1", 104L)], Read(driver));
        left.PipeInput("x", "Lx", 120);

        Assert.Equal([("b", "null+Rb", 103L)], Read(driver));
    }

    [Fact]
    public void Join_BufferStores_AreLoggedWithKafkasWindowKeyLayout()
    {
        var builder = new StreamsBuilder(TestConfig.Create("app"));
        builder.Stream<string, string>("left")
            .Join(builder.Stream<string, string>("right"), (l, r) => l + r, JoinWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromMilliseconds(10)),
                StreamJoined<string, string, string>.As("j"))
            .To("out");
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic<string, string>("left").PipeInput("k", "v", 7);

        TestRecord<byte[], string> record = driver.CreateOutputTopic<byte[], string>("app-j-this-join-store-changelog").ReadRecord();
        // "k" + start 7 + sequence number 1 (the buffer retains duplicates).
        Assert.Equal([(byte)'k', 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 1], record.Key);
        Assert.Equal(("v", 7L), (record.Value, record.Timestamp));
    }
}
