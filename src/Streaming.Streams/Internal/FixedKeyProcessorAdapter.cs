using Streaming.Streams.Processor;
using Streaming.Streams.State;

namespace Streaming.Streams.Internal;

/// <summary>Runs an <see cref="IFixedKeyProcessor{K, VIn, VOut}"/> as a processor whose key type in and out is the same.</summary>
internal sealed class FixedKeyProcessorAdapter<TKey, TValueIn, TValueOut>(IFixedKeyProcessor<TKey, TValueIn, TValueOut> inner)
    : IProcessor<TKey, TValueIn, TKey, TValueOut>
{
    public void Init(IProcessorContext<TKey, TValueOut> context) => inner.Init(new Context(context));

    public void Process(Record<TKey, TValueIn> record) => inner.Process(new FixedKeyRecord<TKey, TValueIn>(record));

    public void Close() => inner.Close();

    private sealed class Context(IProcessorContext<TKey, TValueOut> context) : IFixedKeyProcessorContext<TKey, TValueOut>
    {
        public string ApplicationId => context.ApplicationId;

        public string TaskId => context.TaskId;

        public RecordMetadata? RecordMetadata => context.RecordMetadata;

        public long CurrentStreamTimeMs => context.CurrentStreamTimeMs;

        public long CurrentSystemTimeMs => context.CurrentSystemTimeMs;

        public void Forward(FixedKeyRecord<TKey, TValueOut> record) => context.Forward(record.AsRecord());

        public void Forward(FixedKeyRecord<TKey, TValueOut> record, string childName) => context.Forward(record.AsRecord(), childName);

        public TStore GetStateStore<TStore>(string name) where TStore : IStateStore => context.GetStateStore<TStore>(name);

        public ICancellable Schedule(TimeSpan interval, PunctuationType type, Action<long> punctuator) => context.Schedule(interval, type, punctuator);
    }
}
