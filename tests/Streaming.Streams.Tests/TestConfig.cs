using Streaming.Streams.State;

namespace Streaming.Streams.Tests;

internal static class TestConfig
{
    public static string NewStateDirectory() => Path.Combine(Path.GetTempPath(), "streaming-streams-tests", Guid.NewGuid().ToString("N"));

    public static StreamsConfig Create(string applicationId = "app", long cacheBytes = 10 * 1024 * 1024, StoreType store = StoreType.InMemory, string? stateDir = null)
        => new()
        {
            ApplicationId = applicationId,
            StateDirectory = stateDir ?? NewStateDirectory(),
            StateStoreCacheMaxBytes = cacheBytes,
            DefaultDslStore = store,
        };
}
