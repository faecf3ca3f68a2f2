using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Streaming.Hosting.Consumers;
using Streaming.Hosting.Internal;

namespace Streaming.Hosting;

/// <summary>Configures what <c>AddStreaming</c> registered: the transport, topics, serializers and consumer group handlers.</summary>
public sealed partial class StreamingBuilder
{
    internal StreamingBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Runs on the embedded broker (the default), in this process, on a local data directory.</summary>
    public StreamingBuilder UseEmbeddedBroker(Action<EmbeddedBrokerSettings>? configure = null)
    {
        Services.Configure<StreamingOptions>(o =>
        {
            o.Transport = StreamingTransportKind.EmbeddedBroker;
            configure?.Invoke(o.EmbeddedBroker);
        });
        return this;
    }

    /// <summary>Runs on a Kafka-protocol cluster through the Kafka transport.</summary>
    public StreamingBuilder UseKafka(string bootstrapServers)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bootstrapServers);
        return UseKafka(k => k.BootstrapServers = bootstrapServers);
    }

    /// <summary>Runs on a Kafka-protocol cluster through the Kafka transport, with more settings.</summary>
    public StreamingBuilder UseKafka(Action<KafkaSettings> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure<StreamingOptions>(o =>
        {
            o.Transport = StreamingTransportKind.Kafka;
            configure(o.Kafka);
        });
        return this;
    }

    /// <summary>Declares a topic, created at start when missing.</summary>
    public StreamingBuilder AddTopic(string name, int partitions = 1)
    {
        ThrowIfInvalidTopic(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        Services.Configure<StreamingOptions>(o => o.Topics.Add(new TopicOptions { Name = name, Partitions = partitions }));
        return this;
    }

    /// <summary>Registers the serializer and deserializer for <typeparamref name="T"/> (keys and values, producers and handlers).</summary>
    public StreamingBuilder AddSerializer<T>(ISerializer<T> serializer, IDeserializer<T> deserializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(deserializer);
        Services.Replace(ServiceDescriptor.Singleton(serializer));
        Services.Replace(ServiceDescriptor.Singleton(deserializer));
        return this;
    }

    /// <summary>Adds a consumer group handler for one topic; see <see cref="AddConsumer{THandler}(IEnumerable{string}, string, Action{ConsumerHandlerOptions}?, string?)"/>.</summary>
    public StreamingBuilder AddConsumer<THandler>(string topic, string groupId, Action<ConsumerHandlerOptions>? configure = null) where THandler : class
        => AddConsumer<THandler>([topic], groupId, configure);

    /// <summary>
    /// Adds a hosted consumer group member that hands the records of <paramref name="topics"/> to
    /// <typeparamref name="THandler"/> (an <see cref="IRecordHandler{TKey, TValue}"/>, resolved from a scope per record).
    /// Its options are validated at start and can also be bound from <c>Consumers:{name}</c> under the section given to
    /// <c>AddStreaming</c> (<c>Streaming:Consumers:{name}</c> with the host builder's <c>AddStreaming()</c>).
    /// </summary>
    /// <param name="topics">The topics to consume.</param>
    /// <param name="groupId">The consumer group (<c>group.id</c>).</param>
    /// <param name="configure">Sets the handler's options.</param>
    /// <param name="name">The consumer's name in logs, metrics, health and configuration; the handler's type name by default.</param>
    public StreamingBuilder AddConsumer<THandler>(IEnumerable<string> topics, string groupId, Action<ConsumerHandlerOptions>? configure = null, string? name = null)
        where THandler : class
    {
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentException.ThrowIfNullOrWhiteSpace(groupId);
        var topicList = topics.ToList();
        if (topicList.Count == 0) throw new ArgumentException("a consumer needs at least one topic", nameof(topics));
        foreach (var topic in topicList) ThrowIfInvalidTopic(topic);
        var (keyType, valueType) = ConsumerWorkerFactory.HandlerTypes(typeof(THandler));
        name ??= typeof(THandler).Name;
        if (Services.Any(d => d.ServiceType == typeof(ConsumerRegistration) && ((ConsumerRegistration)d.ImplementationInstance!).Name == name))
            throw new InvalidOperationException($"a consumer named '{name}' is already registered: pass a distinct name");
        var registration = new ConsumerRegistration(name, groupId, topicList, typeof(THandler), keyType, valueType);
        Services.AddSingleton(registration);
        Services.TryAddScoped<THandler>();
        var options = Services.AddOptions<ConsumerHandlerOptions>(name)
            .Configure<IServiceProvider>((o, sp) => StreamingConfigurationSection.ForConsumer(sp, name)?.Bind(o));
        if (configure is not null) options.Configure(configure);
        options.ValidateDataAnnotations().ValidateOnStart();
        Services.AddSingleton<IHostedService>(sp => ConsumerWorkerFactory.CreateWorker(sp, registration));
        return this;
    }

    private static void ThrowIfInvalidTopic(string topic)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        if (!TopicName().IsMatch(topic))
            throw new ArgumentException($"topic '{topic}' is invalid: only [a-zA-Z0-9._-] are allowed, 1 to 249 characters", nameof(topic));
    }

    [GeneratedRegex("^[a-zA-Z0-9._-]{1,249}$")]
    private static partial Regex TopicName();
}
