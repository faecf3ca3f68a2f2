namespace Streaming;

/// <summary>Builds a consumer on a transport, with the built-in deserializer for each type unless one is set.</summary>
public sealed class ConsumerBuilder<TKey, TValue>(IStreamingTransport transport, ConsumerConfig config)
{
    private IDeserializer<TKey>? _keyDeserializer;
    private IDeserializer<TValue>? _valueDeserializer;

    public ConsumerBuilder<TKey, TValue> SetKeyDeserializer(IDeserializer<TKey> deserializer)
    {
        _keyDeserializer = deserializer ?? throw new ArgumentNullException(nameof(deserializer));
        return this;
    }

    public ConsumerBuilder<TKey, TValue> SetValueDeserializer(IDeserializer<TValue> deserializer)
    {
        _valueDeserializer = deserializer ?? throw new ArgumentNullException(nameof(deserializer));
        return this;
    }

    /// <summary>Creates the consumer; configuration errors surface here as <see cref="InvalidConfigurationException"/>.</summary>
    public IConsumer<TKey, TValue> Build()
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(config);
        return transport.CreateConsumer(config, _keyDeserializer ?? Deserializers.Default<TKey>(), _valueDeserializer ?? Deserializers.Default<TValue>());
    }
}
