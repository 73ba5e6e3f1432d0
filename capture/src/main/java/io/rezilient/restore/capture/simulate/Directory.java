package io.rezilient.restore.capture.simulate;

import java.util.ArrayList;
import java.util.List;

/** The simulated instance's people and groups: reference targets for assigned_to, caller_id, assignment_group. */
final class Directory {
    record User(String sysId, String userName) {
    }

    private static final int USERS = 24;

    final List<User> users = new ArrayList<>();
    final List<String> groupSysIds = new ArrayList<>();

    Directory(SeededRandom random) {
        for (int i = 0; i < USERS; i++) {
            String first = Vocabulary.FIRST_NAMES[i % Vocabulary.FIRST_NAMES.length];
            String last = Vocabulary.LAST_NAMES[random.nextInt(Vocabulary.LAST_NAMES.length)];
            users.add(new User(random.hex32(), (first + "." + last).toLowerCase(java.util.Locale.ROOT)));
        }
        for (int i = 0; i < Vocabulary.GROUPS.length; i++) {
            groupSysIds.add(random.hex32());
        }
    }

    User user(SeededRandom random) {
        return random.pick(users);
    }

    String group(SeededRandom random) {
        return random.pick(groupSysIds);
    }
}
