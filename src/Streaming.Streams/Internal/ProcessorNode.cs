using Streaming.Streams.Processor;

namespace Streaming.Streams.Internal;

/// <summary>Runs an <see cref="IProcessor{KIn, VIn, KOut, VOut}"/> with its context.</summary>
internal sealed class ProcessorNode<TKeyIn, TValueIn, TKeyOut, TValueOut>(string name, IProcessor<TKeyIn, TValueIn, TKeyOut, TValueOut> processor)
    : InputNode<TKeyIn, TValueIn>(name)
{
    public override void Init(StreamTask task) => processor.Init(new ProcessorContext<TKeyOut, TValueOut>(this, task));

    public override void Process(Record<TKeyIn, TValueIn> record) => processor.Process(record);

    public override void Close() => processor.Close();
}
