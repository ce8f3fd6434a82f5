package io.eventsourcing.cdi;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.agroal.narayana.NarayanaTransactionIntegration;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.eclipse.microprofile.config.ConfigProvider;

import java.sql.SQLException;

/**
 * The container's DataSource, as a Weld SE user would produce it: an Agroal pool whose connections enlist in
 * Narayana's transactions. Its URL and credentials are the MicroProfile Config keys {@code test.datasource.*}.
 */
public class TestDataSource {

    @Produces
    @Singleton
    AgroalDataSource dataSource(TransactionManager transactionManager, TransactionSynchronizationRegistry registry)
            throws SQLException {
        var config = ConfigProvider.getConfig();
        String url = config.getValue("test.datasource.url", String.class);
        String user = config.getOptionalValue("test.datasource.user", String.class).orElse(null);
        String password = config.getOptionalValue("test.datasource.password", String.class).orElse("");
        return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool
                        .maxSize(5)
                        .transactionIntegration(new NarayanaTransactionIntegration(transactionManager, registry))
                        .connectionFactoryConfiguration(factory -> {
                            factory.jdbcUrl(url);
                            if (user != null) {
                                factory.principal(new NamePrincipal(user)).credential(new SimplePassword(password));
                            }
                            return factory;
                        })));
    }

    void close(@Disposes AgroalDataSource dataSource) {
        dataSource.close();
    }
}
