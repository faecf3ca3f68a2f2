namespace Streaming.Streams.State;

/// <summary>A named store owned by one task.</summary>
public interface IStateStore
{
    string Name { get; }

    /// <summary>True when the data lives on disk (survives a restart without restoring the changelog).</summary>
    bool Persistent { get; }

    bool IsOpen { get; }

    /// <summary>Opens the store for the task described by <paramref name="context"/>.</summary>
    void Init(IStateStoreContext context);

    /// <summary>Makes every buffered write reach the layer below (caches flush, RocksDB flushes its memtable).</summary>
    void Flush();

    void Close();
}
