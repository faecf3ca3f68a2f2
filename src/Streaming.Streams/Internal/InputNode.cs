using Streaming.Streams.Processor;

namespace Streaming.Streams.Internal;

/// <summary>A node that receives typed records (processors and sinks).</summary>
internal abstract class InputNode<TKey, TValue>(string name) : RuntimeNode(name)
{
    public abstract void Process(Record<TKey, TValue> record);
}
