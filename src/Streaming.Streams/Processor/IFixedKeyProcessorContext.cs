namespace Streaming.Streams.Processor;

/// <summary>The context of an <see cref="IFixedKeyProcessor{K, VIn, VOut}"/>: forwards records with the input key.</summary>
public interface IFixedKeyProcessorContext<TKey, TValueOut> : IProcessingContext
{
    void Forward(FixedKeyRecord<TKey, TValueOut> record);

    void Forward(FixedKeyRecord<TKey, TValueOut> record, string childName);
}
