namespace Streaming.Streams.Processor;

/// <summary>The context of an <see cref="IProcessor{KIn, VIn, KOut, VOut}"/>: forwards records to its children.</summary>
public interface IProcessorContext<TKeyOut, TValueOut> : IProcessingContext
{
    /// <summary>Passes <paramref name="record"/> to every child.</summary>
    void Forward(Record<TKeyOut, TValueOut> record);

    /// <summary>Passes <paramref name="record"/> to the child named <paramref name="childName"/> only.</summary>
    void Forward(Record<TKeyOut, TValueOut> record, string childName);
}
