using Streaming.Streams.State;

namespace Streaming.Streams.Tests.State;

/// <summary>A store context outside any task: a fresh directory, no changelog, no shared cache.</summary>
internal sealed class TestStoreContext : IStateStoreContext, IDisposable
{
    public TestStoreContext(IRocksDbConfigSetter? setter = null)
    {
        StateDirectory = TestConfig.NewStateDirectory();
        Directory.CreateDirectory(StateDirectory);
        Config = new StreamsConfig { ApplicationId = "store-test", StateDirectory = StateDirectory, RocksDbConfigSetter = setter };
    }

    public string ApplicationId => Config.ApplicationId;

    public string TaskId => "0_0";

    public string StateDirectory { get; }

    public StreamsConfig Config { get; }

    public void Dispose() => Directory.Delete(StateDirectory, recursive: true);
}
