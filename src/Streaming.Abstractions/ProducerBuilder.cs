namespace Streaming;

/// <summary>Builds a producer on a transport, with the built-in serializer for each type unless one is set.</summary>
public sealed class ProducerBuilder<TKey, TValue>(IStreamingTransport transport, ProducerConfig config)
{
    private ISerializer<TKey>? _keySerializer;
    private ISerializer<TValue>? _valueSerializer;

    public ProducerBuilder<TKey, TValue> SetKeySerializer(ISerializer<TKey> serializer)
    {
        _keySerializer = serializer ?? throw new ArgumentNullException(nameof(serializer));
        return this;
    }

    public ProducerBuilder<TKey, TValue> SetValueSerializer(ISerializer<TValue> serializer)
    {
        _valueSerializer = serializer ?? throw new ArgumentNullException(nameof(serializer));
        return this;
    }

    /// <summary>Creates the producer; configuration errors surface here as <see cref="InvalidConfigurationException"/>.</summary>
    public IProducer<TKey, TValue> Build()
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(config);
        return transport.CreateProducer(config, _keySerializer ?? Serializers.Default<TKey>(), _valueSerializer ?? Serializers.Default<TValue>());
    }
}
