using System.Reflection;
using Microsoft.Extensions.Hosting;

namespace Streaming.Hosting.Consumers;

/// <summary>Makes the worker for a registration, closing <see cref="ConsumerWorker{TKey, TValue}"/> over its handler's key and value types.</summary>
internal static class ConsumerWorkerFactory
{
    private static readonly MethodInfo CreateMethod = typeof(ConsumerWorkerFactory).GetMethod(nameof(Create), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static IHostedService CreateWorker(IServiceProvider services, ConsumerRegistration registration)
        => (IHostedService)CreateMethod.MakeGenericMethod(registration.KeyType, registration.ValueType).Invoke(null, [services, registration])!;

    private static IHostedService Create<TKey, TValue>(IServiceProvider services, ConsumerRegistration registration)
        => new ConsumerWorker<TKey, TValue>(registration, services);

    /// <summary>The key and value types of the one <see cref="IRecordHandler{TKey, TValue}"/> <paramref name="handlerType"/> implements.</summary>
    public static (Type Key, Type Value) HandlerTypes(Type handlerType)
    {
        var handlers = handlerType.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRecordHandler<,>)).ToList();
        if (handlers.Count != 1)
        {
            throw new ArgumentException(handlers.Count == 0
                ? $"'{handlerType.FullName}' does not implement IRecordHandler<TKey, TValue>"
                : $"'{handlerType.FullName}' implements IRecordHandler<TKey, TValue> {handlers.Count} times; a consumer handler must implement it once", nameof(handlerType));
        }
        var args = handlers[0].GetGenericArguments();
        return (args[0], args[1]);
    }
}
