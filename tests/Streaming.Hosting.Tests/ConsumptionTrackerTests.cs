using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace Streaming.Hosting.Tests;

public sealed class ConsumptionTrackerTests
{
    [Fact]
    public async Task WaitUntilConsumed_TwoMembersShareAGroup_CompletesOnceTheGroupHasHandledEveryPartition()
    {
        using var dir = new TempDirectory();
        var probe = new Probe();
        var seen = new ConcurrentDictionary<(int Partition, long Offset), int>();
        probe.OnRecord = (_, c) =>
        {
            seen.AddOrUpdate((c.Partition, c.Offset.Value), 1, (_, n) => n + 1);
            return default;
        };
        // Two members of one group: each handles only its share, so the tracker must count the group, not each member.
        await using var host = await TestHost.StartAsync(dir.Path, s => s.AddTopic("orders", 3)
                .AddConsumer<StringHandler>(["orders"], "shared", name: "member-1")
                .AddConsumer<StringHandler>(["orders"], "shared", name: "member-2"),
            services => services.AddSingleton(probe));
        for (int i = 0; i < 30; i++) await host.ProduceAsync("orders", i % 3, $"k{i}", $"v{i}");
        await host.WaitUntilConsumedAsync();
        Assert.Equal(30, seen.Count);
    }
}
