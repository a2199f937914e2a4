assert missing; 1
