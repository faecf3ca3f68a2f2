namespace Streaming.Streams.Processor;

/// <summary>A node of the Processor API: sees each record once and forwards any number of records.</summary>
public interface IProcessor<TKeyIn, TValueIn, TKeyOut, TValueOut>
{
    /// <summary>Called once before the first record; keep the context, get stores, schedule punctuations here.</summary>
    void Init(IProcessorContext<TKeyOut, TValueOut> context) { }

    /// <summary>Processes one record.</summary>
    void Process(Record<TKeyIn, TValueIn> record);

    /// <summary>Called once when the task closes.</summary>
    void Close() { }
}
