using Streaming.Streams.State;

namespace Streaming.Streams.Processor;

/// <summary>What every processor context gives, whatever its output type: stores, time, metadata, punctuation.</summary>
public interface IProcessingContext
{
    string ApplicationId { get; }

    /// <summary>The task, as <c>&lt;sub-topology&gt;_&lt;partition&gt;</c>.</summary>
    string TaskId { get; }

    /// <summary>The source of the record being processed; null inside a punctuation.</summary>
    RecordMetadata? RecordMetadata { get; }

    /// <summary>The task's stream time: the highest record timestamp it has seen (-1 before the first record).</summary>
    long CurrentStreamTimeMs { get; }

    /// <summary>The wall-clock time of the task's clock.</summary>
    long CurrentSystemTimeMs { get; }

    /// <summary>A store connected to this processor; throws if the store is unknown or not connected.</summary>
    TStore GetStateStore<TStore>(string name) where TStore : IStateStore;

    /// <summary>Calls <paramref name="punctuator"/> with the current time every <paramref name="interval"/> of <paramref name="type"/>.</summary>
    ICancellable Schedule(TimeSpan interval, PunctuationType type, Action<long> punctuator);
}
