package io.eventsourcing.domain;

import io.eventsourcing.domain.internal.AggregateType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AggregateTest {

    static class Account extends Aggregate {
        public record Opened(String owner) {
        }

        public record Deposited(long amount) {
        }

        public record Withdrawn(long amount) {
        }

        public record Unhandled() {
        }

        String owner;
        long balance;
        final List<Object> applied = new ArrayList<>();

        Account(String owner) {
            trigger(new Opened(owner));
        }

        Account(UUID id, String owner) {
            super(id);
            trigger(new Opened(owner));
        }

        private Account() {
        }

        void deposit(long amount) {
            trigger(new Deposited(amount));
        }

        void withdraw(long amount) {
            trigger(new Withdrawn(amount));
        }

        void unhandled() {
            trigger(new Unhandled());
        }

        @Apply
        void on(Opened e) {
            owner = e.owner();
            applied.add(e);
        }

        @Apply
        private void on(Deposited e) {
            balance += e.amount();
            applied.add(e);
        }

        @Apply
        void on(Withdrawn e) {
            if (e.amount() > balance) {
                throw new IllegalArgumentException("insufficient funds");
            }
            balance -= e.amount();
            applied.add(e);
        }
    }

    static class SavingsAccount extends Account {
        public record InterestPaid(long amount) {
        }

        long interest;

        SavingsAccount(String owner) {
            super(owner);
        }

        private SavingsAccount() {
        }

        void payInterest(long amount) {
            trigger(new InterestPaid(amount));
        }

        @Apply
        void on(InterestPaid e) {
            interest += e.amount();
        }
    }

    @Test
    void the_first_event_gives_the_aggregate_an_id_version_one_and_timestamps() {
        Account account = new Account("Alice");

        assertThat(account.id()).isNotNull();
        assertThat(account.version()).isEqualTo(1);
        assertThat(account.createdOn()).isNotNull().isEqualTo(account.modifiedOn());
        assertThat(account.owner).isEqualTo("Alice");
    }

    @Test
    void each_triggered_event_is_applied_and_becomes_pending() {
        Account account = new Account("Alice");
        account.deposit(10);
        account.deposit(5);

        List<DomainEvent> events = account.collectEvents();

        assertThat(account.balance).isEqualTo(15);
        assertThat(account.version()).isEqualTo(3);
        assertThat(events).extracting(DomainEvent::originatorVersion).containsExactly(1, 2, 3);
        assertThat(events).extracting(DomainEvent::originatorId).containsOnly(account.id());
        assertThat(events.get(0).originatorTopic()).isEqualTo(Account.class.getName());
        assertThat(events.get(1).originatorTopic()).isNull();
        assertThat(events.get(2).payload()).isEqualTo(new Account.Deposited(5));
        assertThat(account.modifiedOn()).isEqualTo(events.get(2).timestamp());
        assertThat(account.collectEvents()).isEmpty();
    }

    @Test
    void a_handler_that_throws_keeps_no_event_and_leaves_the_version() {
        Account account = new Account("Alice");
        account.deposit(10);

        assertThatThrownBy(() -> account.withdraw(50)).hasMessage("insufficient funds");

        assertThat(account.version()).isEqualTo(2);
        assertThat(account.collectEvents()).hasSize(2);
        account.withdraw(4);
        assertThat(account.balance).isEqualTo(6);
        assertThat(account.collectEvents()).extracting(DomainEvent::originatorVersion).containsExactly(3);
    }

    @Test
    void an_event_without_a_handler_fails_naming_the_event_and_the_aggregate() {
        Account account = new Account("Alice");

        assertThatThrownBy(account::unhandled)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Account.class.getName())
                .hasMessageContaining(Account.Unhandled.class.getName());
        assertThat(account.version()).isEqualTo(1);
    }

    @Test
    void replaying_the_events_on_a_blank_instance_gives_equal_state_version_and_timestamps() {
        Account account = new Account("Alice");
        account.deposit(10);
        account.withdraw(3);
        List<DomainEvent> events = account.collectEvents();

        Account copy = (Account) AggregateType.rebuild(Account.class, events);

        assertThat(copy.id()).isEqualTo(account.id());
        assertThat(copy.owner).isEqualTo("Alice");
        assertThat(copy.balance).isEqualTo(7);
        assertThat(copy.version()).isEqualTo(3);
        assertThat(copy.createdOn()).isEqualTo(account.createdOn());
        assertThat(copy.modifiedOn()).isEqualTo(account.modifiedOn());
        assertThat(copy.applied).isEqualTo(account.applied);
        assertThat(copy.collectEvents()).isEmpty();
    }

    @Test
    void a_subclass_chooses_its_id() {
        UUID id = UUID.nameUUIDFromBytes("alice".getBytes());

        Account account = new Account(id, "Alice");

        assertThat(account.id()).isEqualTo(id);
        assertThat(account.collectEvents().get(0).originatorId()).isEqualTo(id);
    }

    @Test
    void handlers_of_superclasses_apply_to_subclasses() {
        SavingsAccount account = new SavingsAccount("Bob");
        account.deposit(100);
        account.payInterest(2);

        SavingsAccount copy = (SavingsAccount) AggregateType.rebuild(SavingsAccount.class, account.collectEvents());

        assertThat(copy.balance).isEqualTo(100);
        assertThat(copy.interest).isEqualTo(2);
        assertThat(copy.owner).isEqualTo("Bob");
    }

    @Test
    void an_event_out_of_sequence_is_not_applied() {
        Account account = new Account("Alice");
        account.deposit(1);
        List<DomainEvent> events = account.collectEvents();

        assertThatThrownBy(() -> AggregateType.rebuild(Account.class, List.of(events.get(1))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("version 2")
                .hasMessageContaining(account.id().toString());
    }

    static class NoBlankConstructor extends Aggregate {
        public record Happened() {
        }

        NoBlankConstructor(String name) {
            trigger(new Happened());
        }

        @Apply
        void on(Happened e) {
        }
    }

    static class TwoHandlers extends Aggregate {
        public record Happened() {
        }

        TwoHandlers() {
        }

        @Apply
        void on(Happened e) {
        }

        @Apply
        void again(Happened e) {
        }
    }

    static class NotARecord extends Aggregate {
        NotARecord() {
        }

        @Apply
        void on(String e) {
        }
    }

    @Test
    void an_aggregate_without_a_no_arg_constructor_is_rejected_naming_the_class() {
        assertThatThrownBy(() -> new NoBlankConstructor("x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(NoBlankConstructor.class.getName())
                .hasMessageContaining("no-arg constructor");
    }

    @Test
    void two_handlers_for_one_event_are_rejected_naming_both_methods() {
        assertThatThrownBy(TwoHandlers::new)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(TwoHandlers.class.getName() + ".on")
                .hasMessageContaining(TwoHandlers.class.getName() + ".again");
    }

    @Test
    void a_handler_whose_parameter_is_not_a_record_is_rejected_naming_the_method() {
        assertThatThrownBy(NotARecord::new)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(NotARecord.class.getName() + ".on")
                .hasMessageContaining("event record");
    }

    static class HiddenEvent extends Aggregate {
        record Hidden(String name) {
        }

        HiddenEvent() {
        }

        @Apply
        void on(Hidden e) {
        }
    }

    static class HiddenNested extends Aggregate {
        enum Secret { A }

        public record Shown(List<Secret> secrets) {
        }

        HiddenNested() {
        }

        @Apply
        void on(Shown e) {
        }
    }

    @Test
    void an_event_record_that_is_not_public_is_rejected_naming_it_and_the_method() {
        assertThatThrownBy(HiddenEvent::new)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(HiddenEvent.Hidden.class.getName())
                .hasMessageContaining(HiddenEvent.class.getName() + ".on")
                .hasMessageContaining("must be public");
        assertThatThrownBy(HiddenNested::new)
                .hasMessageContaining("enum " + HiddenNested.Secret.class.getName())
                .hasMessageContaining("must be public");
    }
}
