namespace Streaming.Streams.State;

/// <summary>Builds one layered store instance per task.</summary>
public interface IStoreBuilder
{
    string Name { get; }

    bool LoggingEnabled { get; }

    /// <summary>A new, unopened store (the outermost layer).</summary>
    IStateStore Build();
}
