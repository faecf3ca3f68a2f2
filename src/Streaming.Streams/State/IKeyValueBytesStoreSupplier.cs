namespace Streaming.Streams.State;

/// <summary>Makes the innermost (bytes) layer of a key-value store, one per task.</summary>
public interface IKeyValueBytesStoreSupplier
{
    string Name { get; }

    /// <summary>A new, unopened store.</summary>
    IKeyValueStore<byte[], byte[]> Get();
}
