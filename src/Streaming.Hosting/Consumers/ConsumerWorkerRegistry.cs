using Microsoft.Extensions.Options;

namespace Streaming.Hosting.Consumers;

/// <summary>The registered consumers and their running workers.</summary>
internal sealed class ConsumerWorkerRegistry
{
    private readonly List<IConsumerWorker> _workers = [];
    private readonly Lock _gate = new();
    private readonly IOptionsMonitor<ConsumerHandlerOptions> _options;

    public ConsumerWorkerRegistry(IEnumerable<ConsumerRegistration> registrations, IOptionsMonitor<ConsumerHandlerOptions> options)
    {
        Registrations = [.. registrations];
        _options = options;
    }

    public IReadOnlyList<ConsumerRegistration> Registrations { get; }

    public IReadOnlyList<IConsumerWorker> Workers
    {
        get
        {
            lock (_gate) return [.. _workers];
        }
    }

    public void Add(IConsumerWorker worker)
    {
        lock (_gate) _workers.Add(worker);
    }

    /// <summary>The dead-letter topics of consumers that dead-letter, each with the topic it takes the records of.</summary>
    public IEnumerable<(string Source, string DeadLetter)> DeadLetterTopics()
    {
        foreach (var registration in Registrations)
        {
            var options = _options.Get(registration.Name);
            if (options.OnFailure != ProcessingFailureAction.DeadLetter) continue;
            foreach (var topic in registration.Topics) yield return (topic, topic + options.DeadLetterTopicSuffix);
        }
    }
}
