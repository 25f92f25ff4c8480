/*
 * ids.h - node numbering and size limits shared by every layer.
 *
 * The network carries messages between nodes.  Node 0 is the KRaft
 * controller, nodes 1..ISR_MAX_BROKERS are brokers (their Kafka broker ids),
 * and NODE_CLIENTS stands for every client process (producers, consumers,
 * admin tools): clients share one set of links to each broker, which is
 * what "isolate B --clients" cuts.
 */
#ifndef ISRLAB_MODEL_IDS_H
#define ISRLAB_MODEL_IDS_H

#define ISR_MAX_BROKERS 9		/* brokers 1..9 */
#define NODE_CONTROLLER 0
#define NODE_CLIENTS (ISR_MAX_BROKERS + 1)
#define ISR_NODES (ISR_MAX_BROKERS + 2)	/* size of per-node tables */
#define ISR_MAX_REPLICAS ISR_MAX_BROKERS
#define ISR_TOPIC_MAX 249		/* Kafka's topic name length limit */
#define ISR_NO_LEADER (-1)		/* Kafka's NO_LEADER */

#endif
