using Streaming.Streams.Processor;
using Streaming.Streams.State;

namespace Streaming.Streams.Internal;

/// <summary>The context of one processor node in one task.</summary>
internal sealed class ProcessorContext<TKeyOut, TValueOut>(RuntimeNode node, StreamTask task) : IProcessorContext<TKeyOut, TValueOut>, IInternalProcessorContext, ITaskContext
{
    public StreamTask Task => task;

    public string NodeName => node.Name;

    private readonly Forwarder<TKeyOut, TValueOut> _forwarder = new(node, task);

    public string ApplicationId => task.ApplicationId;

    public string TaskId => task.TaskId;

    public RecordMetadata? RecordMetadata => task.RecordMetadata;

    public long CurrentStreamTimeMs => task.StreamTime;

    public long CurrentSystemTimeMs => task.WallClockTime;

    public void Forward(Record<TKeyOut, TValueOut> record) => _forwarder.Forward(record);

    public void Forward(Record<TKeyOut, TValueOut> record, string childName) => _forwarder.Forward(record, childName);

    public TStore GetStateStore<TStore>(string name) where TStore : IStateStore
    {
        if (!node.Stores.Contains(name) && !task.IsGlobalStore(name))
            throw new StreamsException($"processor '{node.Name}' has no access to store '{name}': connect it to the processor when building the topology");
        IStateStore store = task.GetStore(name);
        if (store is TStore typed) return typed;
        string hint = store.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ITimestampedKeyValueStore<,>))
            ? ": it is a DSL store, whose values carry timestamps; ask for an ITimestampedKeyValueStore<K, V>"
            : "";
        throw new StreamsException($"store '{name}' is a {store.GetType().Name}, not a {typeof(TStore).Name}{hint}");
    }

    public ICancellable Schedule(TimeSpan interval, PunctuationType type, Action<long> punctuator)
        => task.Schedule(node, interval, type, punctuator);
}
